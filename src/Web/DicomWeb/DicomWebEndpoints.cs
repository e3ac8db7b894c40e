using System.Text.Json.Nodes;
using EMage.Domain.Common;
using EMage.GraphQL.Schema;
using EMage.Projections.Dossiers;
using EMage.Projections.Imaging;
using EMage.Projections.Store;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EMage.Web.DicomWeb;

/// <summary>
/// DICOMweb (PS3.18) under /dicomweb: STOW-RS for establishments' API clients; QIDO-RS and WADO-RS
/// for whoever may see the exam. A professional's first retrieval of a study in a session is a
/// dossier opening; the patient's own reads are not.
/// </summary>
public static partial class DicomWebEndpoints
{
    public const long MaxStowBytes = 2L * 1024 * 1024 * 1024;
    public const int MaxInstanceBytes = 512 * 1024 * 1024;
    private const string DicomJson = "application/dicom+json";

    public static void MapDicomWeb(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/dicomweb");
        group.MapPost("/studies", (HttpContext http, ImageIngest ingest) => Stow(http, ingest, null));
        group.MapPost("/studies/{study}", (HttpContext http, ImageIngest ingest, string study) => Stow(http, ingest, study));
        group.MapGet("/studies", Studies);
        group.MapGet("/studies/{study}/series", Series);
        group.MapGet("/studies/{study}/instances", StudyInstances);
        group.MapGet("/studies/{study}/series/{series}/instances", SeriesInstances);
        group.MapGet("/studies/{study}", RetrieveStudy);
        group.MapGet("/studies/{study}/metadata", StudyMetadata);
        group.MapGet("/studies/{study}/series/{series}", RetrieveSeries);
        group.MapGet("/studies/{study}/series/{series}/metadata", SeriesMetadata);
        group.MapGet("/studies/{study}/series/{series}/instances/{instance}", Instance);
        group.MapGet("/studies/{study}/series/{series}/instances/{instance}/metadata", Metadata);
    }

    private static async Task<IResult> Stow(HttpContext http, ImageIngest ingest, string? study)
    {
        if (new EmageUserContext(http).EstablishmentId is not { } establishment)
        {
            return Problem(StatusCodes.Status401Unauthorized, "API client required", "STOW-RS is for establishments' API clients.");
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send multipart/related; type=\"application/dicom\" with a boundary.");
        }

        var type = contentType.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value;
        if (type is { } t && !HeaderUtilities.RemoveQuotes(t).Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Only application/dicom parts are accepted.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxStowBytes;
        }

        var parts = new List<byte[]>();
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = MaxInstanceBytes };
        try
        {
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (section.ContentType is { } partType && !partType.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase))
                {
                    return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Only application/dicom parts are accepted.");
                }

                parts.Add(await ReadPart(section, http.RequestAborted));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed multipart body", e.Message);
        }

        if (parts.Count == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "No instance", "The request holds no application/dicom part.");
        }

        var context = new CommandContext(new Actor("establishment", establishment.ToString("D")), http.TraceIdentifier);
        var outcomes = await ingest.Ingest(establishment, parts, study, context, http.RequestAborted);
        var failed = outcomes.Count(o => o.FailureReason is not null);
        var status = failed == 0 ? StatusCodes.Status200OK : failed == outcomes.Count ? StatusCodes.Status409Conflict : StatusCodes.Status202Accepted;
        return Results.Content(StowResponse(http, outcomes).ToJsonString(), DicomJson, statusCode: status);
    }

    /// <summary>
    /// A part's bytes in one array of its exact size: read straight into it when the part states its
    /// Content-Length, else through pooled chunks (a growing MemoryStream copied its bytes three times).
    /// </summary>
    private static async Task<byte[]> ReadPart(MultipartSection section, CancellationToken ct)
    {
        if (section.Headers is { } headers && headers.TryGetValue(HeaderNames.ContentLength, out var stated)
            && int.TryParse(stated, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            && length <= MaxInstanceBytes)
        {
            var exact = new byte[length];
            await section.Body.ReadExactlyAsync(exact, ct);
            if (await section.Body.ReadAsync(new byte[1], ct) != 0)
            {
                throw new InvalidDataException("A part holds more bytes than its Content-Length says.");
            }

            return exact;
        }

        const int Chunk = 64 * 1024;
        var chunks = new List<byte[]>();
        var total = 0;
        try
        {
            while (true)
            {
                var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(Chunk);
                chunks.Add(chunk);
                var filled = 0;
                int n;
                while (filled < Chunk && (n = await section.Body.ReadAsync(chunk.AsMemory(filled, Chunk - filled), ct)) > 0)
                {
                    filled += n;
                }

                total += filled;
                if (filled < Chunk)
                {
                    break;
                }
            }

            var bytes = new byte[total];
            for (var i = 0; i < chunks.Count; i++)
            {
                chunks[i].AsSpan(0, Math.Min(Chunk, total - i * Chunk)).CopyTo(bytes.AsSpan(i * Chunk));
            }

            return bytes;
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    private static JsonObject StowResponse(HttpContext http, IReadOnlyList<StowOutcome> outcomes)
    {
        static JsonObject Ui(string? value) => value is null ? new JsonObject { ["vr"] = "UI" } : new JsonObject { ["vr"] = "UI", ["Value"] = new JsonArray(value) };
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}/dicomweb";
        var referenced = new JsonArray();
        var failed = new JsonArray();
        foreach (var o in outcomes)
        {
            var item = new JsonObject { ["00081150"] = Ui(o.SopClassUid), ["00081155"] = Ui(o.SopInstanceUid) };
            if (o.FailureReason is { } reason)
            {
                item["00081197"] = new JsonObject { ["vr"] = "US", ["Value"] = new JsonArray(reason) };
                failed.Add(item);
            }
            else
            {
                item["00081190"] = new JsonObject { ["vr"] = "UR", ["Value"] = new JsonArray($"{baseUrl}/studies/{o.StudyInstanceUid}") };
                referenced.Add(item);
            }
        }

        var response = new JsonObject();
        if (referenced.Count > 0) response["00081199"] = new JsonObject { ["vr"] = "SQ", ["Value"] = referenced };
        if (failed.Count > 0) response["00081198"] = new JsonObject { ["vr"] = "SQ", ["Value"] = failed };
        return response;
    }

    /// <summary>The instances of a study the caller may see (all of them, or none: a study is one exam).</summary>
    private static async Task<IReadOnlyList<StoredInstance>?> Visible(HttpContext http, IDocumentStore store, DossierHandler dossiers, string study)
    {
        var caller = await Caller.Of(http, store);
        await using var session = store.QuerySession();
        var instances = await session.Query<StoredInstance>().Where(i => i.StudyInstanceUid == study).ToListAsync(http.RequestAborted);
        return caller is null || instances.Count == 0 || !await caller.MaySee(instances[0], dossiers, http, store) ? null : instances;
    }

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
