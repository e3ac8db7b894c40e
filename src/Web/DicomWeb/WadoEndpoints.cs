using System.Text.Json;
using System.Text.Json.Nodes;
using EMage.Projections.Dossiers;
using EMage.Projections.Imaging;
using Marten;

namespace EMage.Web.DicomWeb;

/// <summary>
/// WADO-RS (PS3.18 10.4): a study, a series or an instance as multipart/related DICOM, and their
/// metadata in the DICOM JSON model (bulk data left out), for whoever may see the exam. Missing and
/// forbidden answer the same 404; a professional's first read of a study in a session is an opening.
/// </summary>
public static partial class DicomWebEndpoints
{
    private const string MultipartDicom = "multipart/related; type=\"application/dicom\"";

    /// <summary>
    /// The stored instance and its bytes, when it is where the path says and the caller may see it;
    /// null otherwise. Missing and forbidden look the same: an instance's existence is not for everyone to learn.
    /// </summary>
    private static async Task<(StoredInstance Stored, Stream Content)?> Readable(HttpContext http, IDocumentStore store, IBlobStore blobs,
        DossierHandler dossiers, StoredInstances instances, string study, string series, string instance)
    {
        var caller = await Caller.Of(http, store);
        var stored = await instances.Find(instance, http.RequestAborted);
        if (stored is null || stored.StudyInstanceUid != study || stored.SeriesInstanceUid != series || caller is null
            || !await caller.MaySee(stored, dossiers, http, store) || blobs.Open(stored.Blob) is not { } content)
        {
            return null;
        }

        return (stored, content);
    }

    /// <summary>WADO-RS metadata of one instance.</summary>
    private static async Task<IResult> Metadata(HttpContext http, IDocumentStore store, IBlobStore blobs, DossierHandler dossiers,
        StoredInstances instances, string study, string series, string instance)
    {
        if (NotAcceptable(http) is { } refused)
        {
            return refused;
        }

        if (await Readable(http, store, blobs, dossiers, instances, study, series, instance) is not (_, var content))
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", "No such instance for you.");
        }

        await using (content)
        {
            return Results.Content(new JsonArray(EMage.Imaging.DicomJson.Metadata(await ReadAll(content, http.RequestAborted))).ToJsonString(), DicomJson);
        }
    }

    private static Task<IResult> StudyMetadata(HttpContext http, IDocumentStore store, IBlobStore blobs, DossierHandler dossiers, string study) =>
        ManyMetadata(http, store, blobs, dossiers, study, series: null);

    private static Task<IResult> SeriesMetadata(HttpContext http, IDocumentStore store, IBlobStore blobs, DossierHandler dossiers, string study, string series) =>
        ManyMetadata(http, store, blobs, dossiers, study, series);

    /// <summary>The metadata of every instance of a study or series, written one instance at a time.</summary>
    private static async Task<IResult> ManyMetadata(HttpContext http, IDocumentStore store, IBlobStore blobs, DossierHandler dossiers, string study, string? series)
    {
        if (NotAcceptable(http) is { } refused)
        {
            return refused;
        }

        if (await Chosen(http, store, dossiers, study, series) is not { } chosen)
        {
            return NoSuch(series);
        }

        http.Response.ContentType = DicomJson;
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartArray();
        foreach (var instance in chosen)
        {
            if (blobs.Open(instance.Blob) is not { } content)
            {
                continue;
            }

            await using (content)
            {
                EMage.Imaging.DicomJson.Metadata(await ReadAll(content, http.RequestAborted)).WriteTo(json);
            }

            await json.FlushAsync(http.RequestAborted);
        }

        json.WriteEndArray();
        await json.FlushAsync(http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>WADO-RS: one instance, as multipart/related; type="application/dicom" (or the bare file when only application/dicom is accepted).</summary>
    private static async Task<IResult> Instance(HttpContext http, IDocumentStore store, IBlobStore blobs, DossierHandler dossiers,
        StoredInstances instances, string study, string series, string instance)
    {
        var single = AcceptsBareDicom(http);
        if (!single && NotAcceptableDicom(http) is { } refused)
        {
            return refused;
        }

        if (await Readable(http, store, blobs, dossiers, instances, study, series, instance) is not (var stored, var content))
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", "No such instance for you.");
        }

        // A single Part-10 file for a client that asks for application/dicom alone (the viewer's loader).
        if (single)
        {
            return Results.Stream(content, "application/dicom", enableRangeProcessing: false);
        }

        await WriteMultipart(http, [(stored, content)]);
        return Results.Empty;
    }

    private static Task<IResult> RetrieveStudy(HttpContext http, IDocumentStore store, IBlobStore blobs, DossierHandler dossiers, string study) =>
        RetrieveMany(http, store, blobs, dossiers, study, series: null);

    private static Task<IResult> RetrieveSeries(HttpContext http, IDocumentStore store, IBlobStore blobs, DossierHandler dossiers, string study, string series) =>
        RetrieveMany(http, store, blobs, dossiers, study, series);

    /// <summary>WADO-RS: every instance of a study or series, in one multipart/related body, streamed file by file.</summary>
    private static async Task<IResult> RetrieveMany(HttpContext http, IDocumentStore store, IBlobStore blobs, DossierHandler dossiers, string study, string? series)
    {
        if (NotAcceptableDicom(http) is { } refused)
        {
            return refused;
        }

        if (await Chosen(http, store, dossiers, study, series) is not { } chosen)
        {
            return NoSuch(series);
        }

        await WriteMultipart(http, chosen.Select(i => (i, blobs.Open(i.Blob))).Where(p => p.Item2 is not null).Select(p => (p.i, p.Item2!)));
        return Results.Empty;
    }

    /// <summary>The instances of a study, or of one of its series, that the caller may see, in viewing order.</summary>
    private static async Task<List<StoredInstance>?> Chosen(HttpContext http, IDocumentStore store, DossierHandler dossiers, string study, string? series)
    {
        if (await Visible(http, store, dossiers, study) is not { } instances)
        {
            return null;
        }

        var chosen = instances.Where(i => series is null || i.SeriesInstanceUid == series)
            .OrderBy(i => i.SeriesNumber ?? int.MaxValue).ThenBy(i => i.SeriesInstanceUid, StringComparer.Ordinal)
            .ThenBy(i => i.InstanceNumber ?? int.MaxValue).ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
        return chosen.Count == 0 ? null : chosen;
    }

    /// <summary>The one answer for a study or series that is missing or not the caller's to see.</summary>
    private static IResult NoSuch(string? series) =>
        Problem(StatusCodes.Status404NotFound, "Not found", series is null ? "No such study for you." : "No such series for you.");

    private static async Task WriteMultipart(HttpContext http, IEnumerable<(StoredInstance Stored, Stream Content)> parts)
    {
        var boundary = "emage-" + Guid.NewGuid().ToString("N");
        http.Response.ContentType = $"{MultipartDicom}; boundary={boundary}";
        // Each delimiter goes out with the part's headers in one write (the CRLF before it ends the previous part).
        var delimiter = $"--{boundary}";
        foreach (var (stored, content) in parts)
        {
            await using (content)
            {
                await http.Response.WriteAsync($"{delimiter}\r\nContent-Type: application/dicom\r\nContent-Length: {stored.Size}\r\n\r\n", http.RequestAborted);
                await content.CopyToAsync(http.Response.Body, http.RequestAborted);
            }

            delimiter = $"\r\n--{boundary}";
        }

        await http.Response.WriteAsync($"\r\n--{boundary}--\r\n", http.RequestAborted);
    }

    private static async Task<byte[]> ReadAll(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>The client asks for application/dicom alone (a single file, no multipart envelope).</summary>
    private static bool AcceptsBareDicom(HttpContext http)
    {
        var accept = http.Request.Headers.Accept.ToString();
        return accept.Contains("application/dicom", StringComparison.OrdinalIgnoreCase) && !accept.Contains("multipart", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>406 unless the client accepts multipart/related DICOM (or anything).</summary>
    private static IResult? NotAcceptableDicom(HttpContext http)
    {
        var accept = http.Request.Headers.Accept.ToString();
        if (accept.Length == 0)
        {
            return null;
        }

        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            var type = parts[0];
            var transferType = parts.Skip(1).Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0].Equals("type", StringComparison.OrdinalIgnoreCase))?[1].Trim('"');
            if (type is "*/*" or "multipart/*" || (type.Equals("multipart/related", StringComparison.OrdinalIgnoreCase)
                && (transferType is null || transferType.Equals("application/dicom", StringComparison.OrdinalIgnoreCase))))
            {
                return null;
            }
        }

        return Problem(StatusCodes.Status406NotAcceptable, "Not acceptable", $"WADO-RS answers {MultipartDicom}.");
    }
}
