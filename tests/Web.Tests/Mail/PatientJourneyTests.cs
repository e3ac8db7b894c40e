using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EMage.Domain.Common;
using EMage.Imaging;
using EMage.Projections.Establishments;
using EMage.Projections.Store;
using EMage.Testing;
using EMage.Web.Tests.DicomWeb;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Mail;

/// <summary>
/// The whole journey, through HTTP and a real SMTP server: an establishment publishes an exam for a
/// new patient, the patient activates the account from the e-mail, signs in with the e-mailed code,
/// shares the exam; the recipient opens it with the code sent to the recipient's address; the use
/// is in the patient's history; the patient revokes and the link opens nothing any more.
/// </summary>
public class PatientJourneyTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    private static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    private const string Publish = """
        mutation($input: PublishExamInput!) { publishExam(input: $input) { patientId examId } }
        """;

    [Fact]
    public async Task PublishActivateSignInShareOpenRevoke()
    {
        var context = CommandContext.For(Actor.System("test"));
        var establishment = Guid.NewGuid();
        await App.Services.GetRequiredService<EstablishmentHandler>().Register(establishment, "670000157", "SAVERNE", "Saverne", context);
        using var api = App.Client((await App.Services.GetRequiredService<ApiClients>().Register(establishment, context)).BearerToken);
        var ct = DicomReader.Read(File("CT_small.dcm"));
        var patientEmail = $"camille-{Guid.NewGuid():N}@example.fr";
        var recipient = $"proche-{Guid.NewGuid():N}@example.fr";

        // 1. The establishment publishes; the patient gets the activation e-mail, in French.
        var published = (await api.GraphQL(Publish, new
        {
            input = new
            {
                localPatientId = ct.PatientId, familyName = "Martin", givenNames = "Camille", birthDate = "1990-02-03", sex = "FEMALE",
                email = patientEmail, label = "Scanner thoracique", modality = "CT", performedAt = "2026-11-30T10:00:00+01:00",
                accessionNumber = "ACC-J1", studyInstanceUid = ct.StudyInstanceUid, correspondentIds = Array.Empty<string>(),
            },
        }))["data"]!["publishExam"]!;
        var examId = (string)published["examId"]!;
        using (var stow = await api.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm"))))
        {
            Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        }

        using (var report = await api.PutAsync($"/api/exams/{examId}/report", new ByteArrayContent(Pdf) { Headers = { ContentType = new("application/pdf") } }))
        {
            Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        }

        var activation = await App.Mail.Take(patientEmail);
        Assert.Equal("Activez votre compte EMage", activation.Subject);
        Assert.StartsWith("Bonjour Camille Martin,", activation.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("https://localhost/activation#", TestSmtpServer.LinkIn(activation), StringComparison.Ordinal);
        Assert.Contains("expire le", activation.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Scanner", activation.TextBody, StringComparison.Ordinal); // nothing medical in an e-mail

        // 2. The link sets the password, once.
        using var anonymous = App.Browser();
        var token = TestSmtpServer.TokenIn(activation);
        var set = await anonymous.GraphQL("mutation($t: String!, $p: String!) { setPasswordWithLink(token: $t, password: $p) { email } }",
            new { t = token, p = Scenarios.Password });
        Assert.Equal(patientEmail, (string?)set["data"]!["setPasswordWithLink"]!["email"]);
        var again = await anonymous.GraphQL("mutation($t: String!, $p: String!) { setPasswordWithLink(token: $t, password: $p) { email } }",
            new { t = token, p = "un autre mot de passe long" });
        Assert.Equal("LINK_USED", (string?)again["errors"]![0]!["extensions"]!["code"]);

        // 3. Sign-in with the e-mailed code; the exam is there.
        using var patient = await App.Browser(patientEmail);
        var exams = (await patient.GraphQL("{ myExams { id label } }"))["data"]!["myExams"]!.AsArray();
        Assert.Equal("Scanner thoracique", (string?)Assert.Single(exams)!["label"]);

        // 4. The patient shares it; the recipient gets the invitation.
        var shared = await patient.GraphQL("""
            mutation($exam: ID!, $to: String!) { shareExam(examId: $exam, recipientEmail: $to, days: 7, message: "Pour ton avis, merci !") { id expiresAt } }
            """, new { exam = examId, to = recipient });
        var shareId = (string)shared["data"]!["shareExam"]!["id"]!;
        var invitation = await App.Mail.Take(recipient);
        Assert.Equal("Camille Martin partage un examen avec vous sur EMage", invitation.Subject);
        Assert.Contains("« Scanner thoracique »", invitation.TextBody, StringComparison.Ordinal);
        Assert.Contains("Son message : « Pour ton avis, merci ! »", invitation.TextBody, StringComparison.Ordinal);
        Assert.Contains("accessible jusqu'au", invitation.TextBody, StringComparison.Ordinal);
        var link = TestSmtpServer.LinkIn(invitation);
        Assert.StartsWith("https://localhost/partage#", link, StringComparison.Ordinal);
        var shareToken = link.Split('#')[1];

        // 5. The link alone opens nothing: the code goes to the recipient's address.
        using var browser = App.Browser();
        using (var none = await browser.GetAsync("/api/share/exam"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        var challenge = await PostJson(browser, "/api/share/code", new { link = shareToken }, HttpStatusCode.OK);
        Assert.Equal(recipient[0] + "•••@example.fr", (string?)challenge["sentTo"]);
        var codeMail = await App.Mail.Take(recipient);
        var code = TestSmtpServer.CodeIn(codeMail);
        var wrong = await PostJson(browser, "/api/share/session", new { challenge = (string)challenge["challenge"]!, code = code == "000000" ? "000001" : "000000" },
            HttpStatusCode.BadRequest);
        Assert.Equal("CODE_INVALID", (string?)wrong["code"]);
        using (var beforeCode = await browser.GetAsync($"/dicomweb/studies/{ct.StudyInstanceUid}/series"))
        {
            Assert.Equal(HttpStatusCode.NotFound, beforeCode.StatusCode);
        }

        var opened = await PostJson(browser, "/api/share/session", new { challenge = (string)challenge["challenge"]!, code }, HttpStatusCode.OK);
        Assert.Equal("Scanner thoracique", (string?)opened["exam"]!["label"]);
        Assert.Equal("Martin", (string?)opened["patient"]!["familyName"]);

        // 6. The recipient sees the shared exam: images and report, nothing else.
        var exam = JsonNode.Parse(await browser.GetStringAsync("/api/share/exam"))!;
        var reportUrl = (string)exam["exam"]!["report"]!["url"]!;
        // The viewer's first reads come at once: together they are the session's one opening of the exam.
        var firstReads = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            browser.GetAsync($"/dicomweb/studies/{ct.StudyInstanceUid}/series/{ct.SeriesInstanceUid}/instances/{ct.SopInstanceUid}")));
        Assert.All(firstReads, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        using (var pdf = await browser.GetAsync(reportUrl))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        }

        var studies = JsonNode.Parse(await browser.GetStringAsync("/dicomweb/studies"))!.AsArray();
        Assert.Equal(ct.StudyInstanceUid, (string?)Assert.Single(studies)!["0020000D"]!["Value"]![0]);
        using (var instance = await browser.GetAsync($"/dicomweb/studies/{ct.StudyInstanceUid}/series/{ct.SeriesInstanceUid}/instances/{ct.SopInstanceUid}"))
        {
            Assert.Equal(HttpStatusCode.OK, instance.StatusCode);
        }

        using (var graphql = await browser.PostAsync("/graphql", Requests.Json("{ myExams { id } }", new { })))
        {
            Assert.Contains("UNAUTHENTICATED", await graphql.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A second read in the same share session is not a new opening.
        using (var reread = await browser.GetAsync(reportUrl))
        {
            Assert.Equal(HttpStatusCode.OK, reread.StatusCode);
        }

        // 7. In the patient's history, newest first: the share session's first read of the exam (an
        // opening of the dossier on the basis of the share), and the code that opened the share.
        var history = (await patient.GraphQL("{ myAccessHistory(first: 10) { nodes { action actorName basis examLabel } } }"))["data"]!["myAccessHistory"]!["nodes"]!.AsArray();
        Assert.Equal(
            [("DOSSIER_OPENED", recipient, "Scanner thoracique"), ("SHARE_OPENED", recipient, "Scanner thoracique")],
            history.Where(h => (string?)h!["basis"] == "SHARE").Select(h => ((string)h!["action"]!, (string?)h["actorName"], (string?)h["examLabel"])));

        // The establishment sees professionals' openings of its patients' dossiers, not whom a patient shares with.
        var openings = (await api.GraphQL("{ establishmentOpenings(first: 50) { actorName basis } }"))["data"]!["establishmentOpenings"]!.AsArray();
        Assert.DoesNotContain(openings, o => (string?)o!["basis"] == "SHARE" || (string?)o["actorName"] == recipient);

        // 8. The patient revokes: every request of the share fails clearly, and the link opens nothing.
        await patient.GraphQL("mutation($id: ID!) { revokeShare(shareId: $id) { status } }", new { id = shareId });
        using (var gone = await browser.GetAsync("/api/share/exam"))
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Contains("Ce partage a expiré", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var image = await browser.GetAsync($"/dicomweb/studies/{ct.StudyInstanceUid}/series/{ct.SeriesInstanceUid}/instances/{ct.SopInstanceUid}"))
        {
            Assert.Equal(HttpStatusCode.Gone, image.StatusCode);
        }

        using (var pdf = await browser.GetAsync(reportUrl))
        {
            Assert.Equal(HttpStatusCode.Gone, pdf.StatusCode);
        }

        var refused = await PostJson(App.Browser(), "/api/share/code", new { link = shareToken }, HttpStatusCode.Gone);
        Assert.Equal("SHARE_EXPIRED", (string?)refused["code"]);
    }

    private static async Task<JsonNode> PostJson(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
