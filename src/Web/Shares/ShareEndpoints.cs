using EMage.Domain.Common;
using EMage.Domain.Shares;
using EMage.GraphQL.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Imaging;
using EMage.Projections.Shares;
using EMage.Projections.Store;
using Marten;

namespace EMage.Web.Shares;

/// <summary>A share session as the server knows it: the cookie holds a random token, the server its hash.</summary>
public sealed class ShareSession
{
    public string Id { get; set; } = "";
    public Guid ShareId { get; set; }
    public Guid PatientId { get; set; }
    public Guid ExamId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>The share a request's share session opens, when it still does.</summary>
public sealed record ShareAccess(ShareSession Session, Share Share);

/// <summary>
/// The share recipient's side, outside GraphQL (which gives a recipient nothing): open the link (a
/// code goes to the recipient's address), give the code (a share session starts, limited to that
/// exam, read-only), read the shared exam. Once the share expires or is revoked, every request of
/// its sessions answers 410 with "Ce partage a expiré".
/// </summary>
public static class ShareEndpoints
{
    public const string CookieName = "emage.share";
    public static readonly TimeSpan MaxSession = TimeSpan.FromHours(8);
    private const string AccessKey = "emage.share-access";

    public sealed record LinkRequest(string? Link);

    public sealed record CodeRequest(string? Challenge, string? Code);

    public static void MapShareRecipient(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/share");
        group.MapPost("/code", RequestCode);
        group.MapPost("/session", StartSession);
        group.MapGet("/exam", SharedExam);
        group.MapDelete("/session", EndSession);
    }

    public static IResult Expired() => Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Ce partage a expiré",
        detail: "Ce partage a expiré ou a été révoqué par le patient : l'examen n'est plus accessible.",
        extensions: new Dictionary<string, object?> { ["code"] = "SHARE_EXPIRED" });

    private static IResult Error(DomainException e) => Results.Problem(
        statusCode: e.Code switch
        {
            "SHARE_EXPIRED" => StatusCodes.Status410Gone,
            "SHARE_NOT_FOUND" => StatusCodes.Status404NotFound,
            "TOO_MANY_CODES" => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status400BadRequest,
        },
        title: e.Code switch
        {
            "SHARE_EXPIRED" => "Ce partage a expiré",
            "SHARE_NOT_FOUND" => "Lien de partage invalide",
            "CODE_INVALID" => "Code incorrect",
            "CODE_EXPIRED" => "Code expiré",
            "TOO_MANY_CODES" => "Trop de codes demandés",
            _ => e.Code,
        },
        detail: e.Message,
        extensions: new Dictionary<string, object?> { ["code"] = e.Code });

    private static IResult RateLimited() => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Trop de tentatives",
        detail: "Trop de tentatives depuis votre connexion. Réessayez dans une minute.", extensions: new Dictionary<string, object?> { ["code"] = "RATE_LIMITED" });

    internal static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async Task<IResult> RequestCode(HttpContext http, LinkRequest body, ShareHandler shares, SignInRateLimiter limiter)
    {
        if (!limiter.TryAcquire(Address(http)))
        {
            return RateLimited();
        }

        if (body.Link is not { Length: > 0 and < 200 } link)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Lien manquant", detail: "Send the link's token as \"link\".",
                extensions: new Dictionary<string, object?> { ["code"] = "BAD_USER_INPUT" });
        }

        try
        {
            var challenge = await shares.RequestCode(link, CommandContext.For(Actor.Anonymous(Address(http))), http.RequestAborted);
            return Results.Ok(new { challenge = challenge.Challenge, expiresAt = challenge.ExpiresAt, sentTo = challenge.SentTo });
        }
        catch (DomainException e)
        {
            return Error(e);
        }
    }

    private static async Task<IResult> StartSession(
        HttpContext http, CodeRequest body, ShareHandler shares, SignInRateLimiter limiter, IDocumentStore store, TimeProvider clock, IHostEnvironment environment)
    {
        if (!limiter.TryAcquire(Address(http)))
        {
            return RateLimited();
        }

        if (body.Challenge is not { Length: > 0 and < 200 } challenge || body.Code is not { Length: > 0 and < 20 } code)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Code manquant", detail: "Send \"challenge\" and \"code\".",
                extensions: new Dictionary<string, object?> { ["code"] = "BAD_USER_INPUT" });
        }

        Share share;
        try
        {
            share = await shares.VerifyCode(challenge, code, CommandContext.For(Actor.Anonymous(Address(http))), http.RequestAborted);
        }
        catch (DomainException e)
        {
            return Error(e);
        }

        var token = Secrets.NewToken();
        var now = clock.GetUtcNow();
        await using (var session = store.LightweightSession())
        {
            session.Store(new ShareSession { Id = Secrets.Hash(token), ShareId = share.Id, PatientId = share.PatientId, ExamId = share.ExamId, StartedAt = now });
            await session.SaveChangesAsync(http.RequestAborted);
        }

        http.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = !environment.IsDevelopment() || http.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return Results.Ok(await Summary(store, share, http.RequestAborted));
    }

    private static async Task<IResult> SharedExam(HttpContext http, IDocumentStore store, ShareHandler shares, TimeProvider clock)
    {
        var (access, expired) = await Resolve(http, store, shares, clock);
        return expired ? Expired()
            : access is null ? Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Pas de partage ouvert",
                detail: "Open the share's link and give the e-mailed code first.", extensions: new Dictionary<string, object?> { ["code"] = "UNAUTHENTICATED" })
            : Results.Ok(await Summary(store, access.Share, http.RequestAborted));
    }

    private static async Task<IResult> EndSession(HttpContext http, IDocumentStore store)
    {
        if (http.Request.Cookies[CookieName] is { Length: > 0 } token)
        {
            await using var session = store.LightweightSession();
            session.Delete<ShareSession>(Secrets.Hash(token));
            await session.SaveChangesAsync(http.RequestAborted);
        }

        http.Response.Cookies.Delete(CookieName);
        return Results.NoContent();
    }

    /// <summary>
    /// The request's share session and whether its share still opens (read from the share's own
    /// stream, so a revocation counts at once). <c>Expired</c> is true for a session whose share
    /// no longer opens, or that is older than <see cref="MaxSession"/>.
    /// </summary>
    public static async Task<(ShareAccess? Access, bool Expired)> Resolve(HttpContext http, IDocumentStore store, ShareHandler shares, TimeProvider clock)
    {
        if (http.Items.TryGetValue(AccessKey, out var cached) && cached is ValueTuple<ShareAccess?, bool> known)
        {
            return known;
        }

        (ShareAccess?, bool) result = (null, false);
        if (http.Request.Cookies[CookieName] is { Length: > 0 and < 100 } token)
        {
            ShareSession? session;
            await using (var query = store.QuerySession())
            {
                session = await query.LoadAsync<ShareSession>(Secrets.Hash(token), http.RequestAborted);
            }

            if (session is not null)
            {
                var share = await shares.Current(session.ShareId, http.RequestAborted);
                var now = clock.GetUtcNow();
                result = share.OpensAt(now) && now - session.StartedAt < MaxSession
                    ? (new ShareAccess(session, share), false)
                    : (null, true);
            }
        }

        http.Items[AccessKey] = result;
        return result;
    }

    private static async Task<object> Summary(IDocumentStore store, Share share, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var exams = await query.LoadAsync<PatientExams>(share.PatientId, ct);
        var exam = exams?.Exam(share.ExamId);
        var report = exam?.ReportId is { } reportId ? await query.LoadAsync<ReportDocument>(reportId, ct) : null;
        return new
        {
            shareId = share.Id,
            expiresAt = share.ExpiresAt,
            patient = exams is null ? null : new { familyName = exams.FamilyName, givenNames = exams.GivenNames, birthDate = exams.BirthDate },
            exam = exam is null ? null : new
            {
                id = exam.ExamId,
                label = exam.Label,
                modality = exam.Modality,
                performedAt = exam.PerformedAt,
                establishment = exam.EstablishmentName,
                studyInstanceUid = exam.StudyInstanceUid,
                seriesCount = exam.SeriesCount,
                instanceCount = exam.InstanceCount,
                report = report is null ? null : new { id = report.Id, fileName = report.FileName, size = report.Size, url = $"/api/reports/{report.Id}" },
            },
        };
    }
}
