using EMage.Domain.Common;
using EMage.GraphQL.Schema;
using EMage.Projections.Imaging;
using EMage.Projections.Store;
using Marten;

namespace EMage.Web.DicomWeb;

/// <summary>
/// Reports: an establishment uploads the PDF of one of its exams; the patient (and whoever may see
/// the exam) views it inline or downloads it, with ranges. A professional's reading is an opening.
/// </summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/api/exams/{examId:guid}/report", Upload);
        endpoints.MapGet("/api/reports/{reportId:guid}", Download);
    }

    private static async Task<IResult> Upload(HttpContext http, ReportUpload reports, Guid examId)
    {
        if (new EmageUserContext(http).EstablishmentId is not { } establishment)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API client required", detail: "Reports are uploaded by establishments' API clients.");
        }

        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), "application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the report as application/pdf.");
        }

        if (http.Request.ContentLength > ReportUpload.MaxBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Report too large", detail: $"A report is at most {ReportUpload.MaxBytes / 1024 / 1024} MiB.");
        }

        using var buffer = new MemoryStream();
        var read = new byte[81920];
        int n;
        while ((n = await http.Request.Body.ReadAsync(read, http.RequestAborted)) > 0)
        {
            buffer.Write(read, 0, n);
            if (buffer.Length > ReportUpload.MaxBytes)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Report too large", detail: $"A report is at most {ReportUpload.MaxBytes / 1024 / 1024} MiB.");
            }
        }

        try
        {
            var report = await reports.Attach(establishment, examId, buffer.ToArray(),
                new CommandContext(new Actor("establishment", establishment.ToString("D")), http.TraceIdentifier), http.RequestAborted);
            return Results.Created($"/api/reports/{report.Id}", new { reportId = report.Id, size = report.Size });
        }
        catch (DomainException e)
        {
            var status = e.Code == "EXAM_NOT_FOUND" ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity;
            return Results.Problem(statusCode: status, title: e.Code, detail: e.Message, extensions: new Dictionary<string, object?> { ["code"] = e.Code });
        }
    }

    private static async Task<IResult> Download(HttpContext http, IDocumentStore store, IBlobStore blobs, EMage.Projections.Dossiers.DossierHandler dossiers, Guid reportId, bool? download)
    {
        await using var session = store.QuerySession();
        var report = await session.LoadAsync<ReportDocument>(reportId, http.RequestAborted);
        if (report is null || await DicomWebEndpoints.CallerOf(http, store) is not { } caller
            || !await caller.MaySee(report.PatientId, report.ExamId, report.EstablishmentId, "report:" + report.Id, dossiers, http, store)
            || blobs.Open(report.Blob) is not { } content)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such report for you.");
        }

        // inline to view in the browser, attachment with ?download=true ("Télécharger").
        if (download != true)
        {
            http.Response.Headers.ContentDisposition =
                new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline") { FileNameStar = report.FileName }.ToString();
        }

        return download == true
            ? Results.File(content, "application/pdf", report.FileName, enableRangeProcessing: true)
            : Results.Stream(content, "application/pdf", enableRangeProcessing: true);
    }
}
