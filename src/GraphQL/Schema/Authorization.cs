using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Accounts;
using EMage.Projections.Store;
using GraphQL;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.GraphQL.Schema;

/// <summary>
/// The coarse, per-field role check (authentication is the host's; who may open which dossier is the
/// domain's). The signed-in account is loaded once per request.
/// </summary>
public static class Authorization
{
    private const string AccountKey = "emage.account";

    public static EmageUserContext User(this IResolveFieldContext ctx) => (EmageUserContext)ctx.UserContext;

    public static T Service<T>(this IResolveFieldContext ctx) where T : notnull => ctx.RequestServices!.GetRequiredService<T>();

    /// <summary>The signed-in, active account, or UNAUTHENTICATED.</summary>
    public static async Task<AccountStatus> Account(this IResolveFieldContext ctx)
    {
        var user = ctx.User();
        if (user.TryGetValue(AccountKey, out var cached) && cached is AccountStatus known)
        {
            return known;
        }

        if (user.AccountId is not { } id)
        {
            throw GraphErrors.Unauthenticated();
        }

        var account = user.SessionAccount;
        if (account is null)
        {
            await using var session = ctx.Service<IDocumentStore>().QuerySession();
            account = await session.LoadAsync<AccountStatus>(id, ctx.CancellationToken);
        }

        if (account is not { Active: true })
        {
            throw GraphErrors.Unauthenticated();
        }

        user[AccountKey] = account;
        return account;
    }

    /// <summary>The account, if it has one of the roles; FORBIDDEN otherwise.</summary>
    public static async Task<AccountStatus> Require(this IResolveFieldContext ctx, params AccountRole[] roles)
    {
        var account = await ctx.Account();
        return roles.Contains(account.Role) ? account : throw GraphErrors.Forbidden();
    }

    /// <summary>The signed-in patient's own dossier id: patient-scoped fields never take it as an argument.</summary>
    public static async Task<Guid> MyPatientId(this IResolveFieldContext ctx)
    {
        // The account was just loaded (and found active) for this request: no second read.
        var account = await ctx.Require(AccountRole.Patient);
        return account.PatientId ?? throw new DomainException("NOT_A_PATIENT", "This account has no dossier.");
    }

    /// <summary>The professional behind the account (a professional, or a platform administrator who is one).</summary>
    public static async Task<(AccountStatus Account, Guid ProfessionalId)> MyProfessional(this IResolveFieldContext ctx)
    {
        var account = await ctx.Require(AccountRole.Professional, AccountRole.PlatformAdministrator);
        return account.ProfessionalId is { } id ? (account, id) : throw GraphErrors.Forbidden();
    }

    /// <summary>The establishment of the API client making the request; FORBIDDEN for anyone else.</summary>
    public static Guid MyEstablishment(this IResolveFieldContext ctx) =>
        ctx.User().EstablishmentId ?? (ctx.User().AccountId is null ? throw GraphErrors.Unauthenticated() : throw GraphErrors.Forbidden());

    public static CommandContext EstablishmentCommand(this IResolveFieldContext ctx, Guid establishmentId) =>
        new(new Actor("establishment", establishmentId.ToString("D")), ctx.User().CorrelationId);

    public static CommandContext Command(this IResolveFieldContext ctx, AccountStatus account) =>
        new(Actor.Account(account.Id), ctx.User().CorrelationId);
}
