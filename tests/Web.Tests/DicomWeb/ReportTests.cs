using System.Net;
using System.Net.Http.Headers;
using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Store;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.DicomWeb;

public class ReportTests(EmageApp app) : IClassFixture<EmageApp>
{
    private static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Compte rendu : examen sans anomalie.\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static ByteArrayContent Body(byte[] bytes, string type = "application/pdf")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    [Fact]
    public async Task AReport_IsUploadedAsAPdf_ThenViewedDownloadedAndRangedByThoseWhoMaySeeIt()
    {
        var w = await app.World();
        var context = CommandContext.For(Actor.System("test"));
        using var establishment = app.Client((await app.Services.GetRequiredService<ApiClients>().Register(w.Wissembourg, context)).BearerToken);

        var notPdf = await establishment.PutAsync($"/api/exams/{w.ExamCt}/report", Body("hello"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notPdf.StatusCode);
        var wrongType = await establishment.PutAsync($"/api/exams/{w.ExamCt}/report", Body(Pdf, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        var created = await establishment.PutAsync($"/api/exams/{w.ExamCt}/report", Body(Pdf));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = created.Headers.Location!.ToString();

        using var patient = await app.PatientBrowser(w);
        var exams = await patient.GraphQL("{ myExams { reportUrl } }");
        Assert.Equal(url, (string?)exams["data"]!["myExams"]![0]!["reportUrl"]);

        using var inline = await patient.GetAsync(url);
        Assert.Equal("application/pdf", inline.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", inline.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(Pdf.Length, inline.Content.Headers.ContentLength);
        Assert.Equal(Pdf, await inline.Content.ReadAsByteArrayAsync());

        using var download = await patient.GetAsync(url + "?download=true");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".pdf", download.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);

        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(0, 7);
        using var partial = await patient.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("%PDF-1.4"u8.ToArray(), await partial.Content.ReadAsByteArrayAsync());

        var other = await app.World();
        using var otherPatient = await app.PatientBrowser(other);
        Assert.Equal(HttpStatusCode.NotFound, (await otherPatient.GetAsync(url)).StatusCode);

        using var radiologist = await app.SignedIn(AccountRole.Professional, w.Radiologist);
        Assert.Equal(HttpStatusCode.OK, (await radiologist.GetAsync(url)).StatusCode);
        await using var session = app.Store.QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(w.Patient)).Select(e => e.Data).OfType<DossierOpened>());
    }
}
