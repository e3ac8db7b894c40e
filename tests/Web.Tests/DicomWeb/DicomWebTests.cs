using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Imaging;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Store;
using EMage.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.DicomWeb;

/// <summary>The corpus's instances have fixed UIDs: each test class gets a database of its own.</summary>
public abstract class DicomWebTests(EmageApp app)
{
    protected EmageApp App => app;

    private static readonly string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    protected static byte[] File(string name) => System.IO.File.ReadAllBytes(Path.Combine(Corpus, name));

    /// <summary>The seed's world, with WISSEMBOURG's exam of the corpus's CT and MR (same study UIDs, same patient IDs).</summary>
    protected async Task<(SeedWorld World, HttpClient Client, Guid Patient, DicomIndex Ct)> Published()
    {
        var w = await app.World();
        var context = CommandContext.For(Actor.System("test"));
        var ct = DicomReader.Read(File("CT_small.dcm"));
        var publications = app.Services.GetRequiredService<PublicationHandler>();
        // The corpus's patient ID is the establishment's; a fresh establishment keeps tests apart.
        var establishment = Guid.NewGuid();
        await app.Services.GetRequiredService<EstablishmentHandler>().Register(establishment, "670000157", "SAVERNE", "Saverne", context);
        var (patient, _) = await publications.Publish(establishment, new EstablishmentPublication(ct.PatientId!,
            new PatientIdentity("CompressedSamples", "CT1", new DateOnly(1960, 1, 1), Sex.Unknown, null, null), "Scanner", "CT",
            app.Clock.GetUtcNow().AddHours(-1), "CT-ACC", ct.StudyInstanceUid!, [w.Correspondent]), context);
        await app.Services.GetRequiredService<EstablishmentHandler>().AppointStaff(establishment, w.Radiologist, EMage.Domain.Establishments.StaffRole.Radiologist, context);
        var client = app.Client((await app.Services.GetRequiredService<ApiClients>().Register(establishment, context)).BearerToken);
        return (w, client, patient, ct);
    }

    internal static MultipartContent Stow(params byte[][] parts)
    {
        var body = new MultipartContent("related", "emage-test-" + Guid.NewGuid().ToString("N"));
        body.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        foreach (var part in parts)
        {
            var content = new ByteArrayContent(part);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            body.Add(content);
        }

        return body;
    }

    protected static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        }

        return -1;
    }
}

public class StowTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    [Fact]
    public async Task Stow_StoresTheGoodParts_ListsTheBadOne_AndAResendIsHarmless()
    {
        var (_, client, patient, ct) = await Published();
        var corrupt = new byte[300];
        Random.Shared.NextBytes(corrupt);

        using var response = await client.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm"), corrupt));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(ct.SopInstanceUid, (string?)body["00081199"]!["Value"]![0]!["00081155"]!["Value"]![0]);
        Assert.Equal(0xC000, (int)body["00081198"]!["Value"]![0]!["00081197"]!["Value"]![0]!);

        using var again = await client.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        await using var session = App.Store.QuerySession();
        var received = (await session.Events.FetchStreamAsync(patient)).Select(e => e.Data).OfType<ImagesReceived>().ToList();
        Assert.Equal((1, 1), (received.Single().SeriesCount, received.Single().InstanceCount));
    }
}

public class StowReportTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n% Compte rendu : scanner sans anomalie.\ntrailer << >>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task AnEncapsulatedPdf_ThroughStow_IsTheExamsReport_ChecksAreThoseOfAnUpload_AndAResendIsHarmless()
    {
        var (_, client, patient, ct) = await Published();
        Pydicom.EncapsulatedPdf Instance(string sop, string mime = "application/pdf", byte[]? pdf = null, string? patientId = null) =>
            new(pdf ?? Pdf, sop, ct.StudyInstanceUid!, ct.StudyInstanceUid + ".77", patientId ?? ct.PatientId!, Accession: "CT-ACC", Mime: mime, Syntax: "implicit");
        var report = Pydicom.Write(Instance(ct.StudyInstanceUid + ".77.1"));
        var text = Pydicom.Write(Instance(ct.StudyInstanceUid + ".77.2", mime: "text/plain"));
        var fake = Pydicom.Write(Instance(ct.StudyInstanceUid + ".77.3", pdf: "MZ not a pdf"u8.ToArray()));
        var stranger = Pydicom.Write(Instance(ct.StudyInstanceUid + ".77.4", patientId: "SOMEONE-ELSE"));

        using var response = await client.PostAsync("/dicomweb/studies", Stow(report, text, fake, stranger));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(ct.StudyInstanceUid + ".77.1", (string?)Assert.Single(body["00081199"]!["Value"]!.AsArray())!["00081155"]!["Value"]![0]);
        var failed = body["00081198"]!["Value"]!.AsArray().ToDictionary(f => (string)f!["00081155"]!["Value"]![0]!, f => (int)f!["00081197"]!["Value"]![0]!);
        Assert.Equal(new Dictionary<string, int>
        {
            [ct.StudyInstanceUid + ".77.2"] = 0xA900, [ct.StudyInstanceUid + ".77.3"] = 0xA900, [ct.StudyInstanceUid + ".77.4"] = 0x0124,
        }, failed);

        using var patientBrowser = await PatientOf(patient);
        var exams = await patientBrowser.GraphQL("{ myExams { reportUrl instanceCount } }");
        var exam = exams["data"]!["myExams"]![0]!;
        Assert.Equal(0, (int)exam["instanceCount"]!);
        Assert.Equal(Pdf, await patientBrowser.GetByteArrayAsync((string)exam["reportUrl"]!));

        var before = await App.EventCount();
        using var again = await client.PostAsync("/dicomweb/studies", Stow(report));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(before, await App.EventCount());
        await using var session = App.Store.QuerySession();
        var attached = (await session.Events.FetchStreamAsync(patient)).Select(e => e.Data).OfType<ReportAttached>().ToList();
        Assert.Single(attached);
        Assert.Empty(await session.Query<EMage.Projections.Imaging.StoredInstance>().Where(i => i.PatientId == patient).ToListAsync());
    }

    private async Task<HttpClient> PatientOf(Guid patient)
    {
        var accounts = App.Services.GetRequiredService<EMage.Projections.Accounts.AccountHandler>();
        var context = CommandContext.For(Actor.System("test"));
        var email = $"ct-{Guid.NewGuid():N}@example.fr";
        var account = await accounts.Provision(email, AccountRole.Patient, "CT1", patient, context);
        await accounts.SetPassword(account, Scenarios.Password, context);
        return await App.Browser(email);
    }
}

/// <summary>A database from before the exam look-up existed: the first start fills it from the events.</summary>
public class ExamLookupBackfillTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    [Fact]
    public async Task ANodeStartingOnAnOlderDatabase_FillsTheExamLookUp_AndStowFindsTheExamAgain()
    {
        var (_, client, _, ct) = await Published();
        int count;
        await using (var session = App.Store.LightweightSession())
        {
            count = await session.Query<ExamLookup>().CountAsync();
            Assert.True(count >= 2, $"the seed world and the test publish exams, found {count}");
            session.DeleteWhere<ExamLookup>(x => true);
            await session.SaveChangesAsync();
        }

        using (var refused = await client.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm"))))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode); // no look-up, no exam: what an older database would do
        }

        // A node starts on that database (as after an upgrade): its start-up fills the look-up from the events.
        await using var node = App.SecondNode();
        await using (var query = node.Store.QuerySession())
        {
            Assert.Equal(count, await query.Query<ExamLookup>().CountAsync());
        }

        using var response = await client.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ct.SopInstanceUid!, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>Instances received before the description read more of their header: a node's start describes them again from their files.</summary>
public class InstanceReindexTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    [Fact]
    public async Task InstancesDescribedByAnOlderVersion_AreDescribedAgainFromTheirFiles()
    {
        var (_, client, _, ct) = await Published();
        using (var stored = await client.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm"))))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        string Json(EMage.Projections.Imaging.StoredInstance i) => System.Text.Json.JsonSerializer.Serialize(i);
        EMage.Projections.Imaging.StoredInstance original;
        await using (var session = App.Store.LightweightSession())
        {
            original = (await session.LoadAsync<EMage.Projections.Imaging.StoredInstance>(ct.SopInstanceUid!))!;
            Assert.Equal((EMage.Projections.Imaging.StoredInstance.CurrentIndexVersion, "CT"), (original.IndexVersion, original.Modality));
            // What an older version stored: no index version, and fewer of the header's attributes.
            await session.ExecuteAsync(new Npgsql.NpgsqlCommand(
                "update emage.mt_doc_storedinstance set data = data - 'indexVersion' - 'modality' - 'rows' - 'columns' - 'patientName' - 'studyDate' " +
                "- 'studyDescription' - 'seriesNumber' - 'accessionNumber' where id = $1")
            {
                Parameters = { new Npgsql.NpgsqlParameter { Value = ct.SopInstanceUid! } },
            });
        }

        await using (var query = App.Store.QuerySession())
        {
            var stripped = (await query.LoadAsync<EMage.Projections.Imaging.StoredInstance>(ct.SopInstanceUid!))!;
            Assert.Equal((0, null, null), (stripped.IndexVersion, stripped.Modality, stripped.Rows));
        }

        // A node starts (as after the upgrade that added those attributes) and describes it again.
        await using var node = App.SecondNode();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        EMage.Projections.Imaging.StoredInstance? again = null;
        while (DateTime.UtcNow < deadline)
        {
            await using var query = node.Store.QuerySession();
            again = await query.LoadAsync<EMage.Projections.Imaging.StoredInstance>(ct.SopInstanceUid!);
            if (again!.IndexVersion == EMage.Projections.Imaging.StoredInstance.CurrentIndexVersion) break;
            await Task.Delay(100);
        }

        Assert.Equal(Json(original), Json(again!));
    }
}

public class StowRefusalTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    [Fact]
    public async Task Stow_RefusesAnInstanceOfAnotherExam_OrOfAnotherEstablishment()
    {
        var (w, client, _, _) = await Published();
        using var mr = await client.PostAsync("/dicomweb/studies", Stow(File("MR_small.dcm")));
        Assert.Equal(HttpStatusCode.Conflict, mr.StatusCode);
        var body = JsonNode.Parse(await mr.Content.ReadAsStringAsync())!;
        Assert.Equal(0x0124, (int)body["00081198"]!["Value"]![0]!["00081197"]!["Value"]![0]!);

        using var other = App.Client((await App.Services.GetRequiredService<ApiClients>().Register(w.Haguenau, CommandContext.For(Actor.System("test")))).BearerToken);
        using var foreign = await other.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm")));
        Assert.Equal(HttpStatusCode.Conflict, foreign.StatusCode);

        using var anonymous = App.Browser();
        using var refused = await anonymous.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm")));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}

public class WadoTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    [Fact]
    public async Task Wado_ServesTheInstanceWithAZeroedPreamble_ToThoseWhoMaySeeIt_AndRecordsAProfessionalsFirstRetrieval()
    {
        var (w, client, patient, ct) = await Published();
        (await client.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm")))).EnsureSuccessStatusCode();
        var path = $"/dicomweb/studies/{ct.StudyInstanceUid}/series/{ct.SeriesInstanceUid}/instances/{ct.SopInstanceUid}";
        var studies = JsonNode.Parse(await (await client.GetAsync("/dicomweb/studies")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(ct.StudyInstanceUid, (string?)Assert.Single(studies)!["0020000D"]!["Value"]![0]);
        Assert.Equal(1, (int)studies[0]!["00201208"]!["Value"]![0]!);
        var seriesList = JsonNode.Parse(await (await client.GetAsync($"/dicomweb/studies/{ct.StudyInstanceUid}/series")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(ct.SeriesInstanceUid, (string?)Assert.Single(seriesList)!["0020000E"]!["Value"]![0]);
        var instanceList = JsonNode.Parse(await (await client.GetAsync($"/dicomweb/studies/{ct.StudyInstanceUid}/series/{ct.SeriesInstanceUid}/instances")).Content.ReadAsStringAsync())!.AsArray();
        Assert.EndsWith(path, (string?)Assert.Single(instanceList)!["00081190"]!["Value"]![0], StringComparison.Ordinal);
        var metadata = JsonNode.Parse(await (await client.GetAsync(path + "/metadata")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(128, (int)metadata[0]!["00280010"]!["Value"]![0]!);
        Assert.Equal("CompressedSamples^CT1", (string?)metadata[0]!["00100010"]!["Value"]![0]!["Alphabetic"]);
        Assert.Null(metadata[0]!["7FE00010"]);

        using var own = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("multipart/related", own.Content.Headers.ContentType?.MediaType);
        var bytes = await own.Content.ReadAsByteArrayAsync();
        var start = IndexOf(bytes, "\r\n\r\n"u8.ToArray()) + 4;
        Assert.All(bytes[start..(start + 128)], b => Assert.Equal(0, b));
        Assert.Equal("DICM"u8.ToArray(), bytes[(start + 128)..(start + 132)]);

        using var radiologist = await App.SignedIn(AccountRole.Professional, w.Radiologist);
        Assert.Equal(HttpStatusCode.OK, (await radiologist.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await radiologist.GetAsync(path)).StatusCode);
        using var stranger = await App.SignedIn(AccountRole.Professional, w.Stranger);
        var hidden = await stranger.GetAsync(path);
        var missing = await stranger.GetAsync(path.Replace(ct.SopInstanceUid!, "1.2.3.4", StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (hidden.StatusCode, missing.StatusCode));
        static string Shown(JsonNode problem) => $"{problem["status"]} {problem["title"]} {problem["detail"]}";
        Assert.Equal(Shown(JsonNode.Parse(await missing.Content.ReadAsStringAsync())!), Shown(JsonNode.Parse(await hidden.Content.ReadAsStringAsync())!));

        await using var session = App.Store.QuerySession();
        var openings = (await session.Events.FetchStreamAsync(patient)).Select(e => e.Data).OfType<DossierOpened>().ToList();
        Assert.Equal(w.Radiologist, Assert.Single(openings).ActorId);
    }
}

/// <summary>An establishment's reads of its own patients' data are facts for the auditors, once per thing read and hour.</summary>
public class EstablishmentReadTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    [Fact]
    public async Task AnEstablishmentsReads_AreRecorded_OncePerStudyAndHour_WithThePatients()
    {
        var (_, client, patient, ct) = await Published();
        (await client.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm")))).EnsureSuccessStatusCode();
        var instance = $"/dicomweb/studies/{ct.StudyInstanceUid}/series/{ct.SeriesInstanceUid}/instances/{ct.SopInstanceUid}";

        async Task<List<EMage.Domain.Establishments.EstablishmentReadRecorded>> Reads()
        {
            await using var query = App.Store.QuerySession();
            return (await query.Events.QueryRawEventDataOnly<EMage.Domain.Establishments.EstablishmentReadRecorded>().ToListAsync()).ToList();
        }

        Assert.Empty(await Reads()); // storing is not reading
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(instance)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(instance)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(instance + "/metadata")).StatusCode);
        var read = Assert.Single(await Reads());
        Assert.Equal((ct.StudyInstanceUid, patient), (read.What, Assert.Single(read.PatientIds)));

        App.Clock.Advance(EMage.Projections.Establishments.EstablishmentReads.Window + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(instance)).StatusCode);
        Assert.Equal(2, (await Reads()).Count);

        var exams = await client.GraphQL("{ establishmentExams { nodes { patientId } } }");
        Assert.Equal(patient.ToString(), (string?)exams["data"]!["establishmentExams"]!["nodes"]![0]!["patientId"]);
        var listed = Assert.Single(await Reads(), r => r.What.StartsWith("exams:", StringComparison.Ordinal));
        Assert.Equal([patient], listed.PatientIds);
    }
}

/// <summary>Every DICOMweb and report read, by every role: only those who may see the exam get it; the others learn nothing.</summary>
public class DicomWebAuthorizationTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    [Fact]
    public async Task EveryRead_ByEveryRole_LeaksNothing()
    {
        var (w, establishment, patient, ct) = await Published();
        (await establishment.PostAsync("/dicomweb/studies", Stow(File("CT_small.dcm")))).EnsureSuccessStatusCode();
        var accounts = App.Services.GetRequiredService<EMage.Projections.Accounts.AccountHandler>();
        var context = CommandContext.For(Actor.System("test"));
        var email = $"ct-{Guid.NewGuid():N}@example.fr";
        var account = await accounts.Provision(email, AccountRole.Patient, "CT1", patient, context);
        await accounts.SetPassword(account, Scenarios.Password, context);

        Guid examId;
        await using (var query = App.Store.QuerySession())
        {
            examId = (await query.LoadAsync<PatientExams>(patient))!.Exams.Single(e => e.StudyInstanceUid == ct.StudyInstanceUid).ExamId;
        }

        var instance = $"/dicomweb/studies/{ct.StudyInstanceUid}/series/{ct.SeriesInstanceUid}/instances/{ct.SopInstanceUid}";
        var study = $"/dicomweb/studies/{ct.StudyInstanceUid}";
        var series = $"{study}/series/{ct.SeriesInstanceUid}";
        string[] reads = ["/dicomweb/studies", $"{study}/series", $"{study}/instances", $"{series}/instances", instance, $"{instance}/metadata",
            study, $"{study}/metadata", series, $"{series}/metadata"];
        var roles = new Dictionary<string, (HttpClient Client, bool Allowed)>
        {
            ["anonymous"] = (App.Browser(), false),
            ["the patient"] = (await App.Browser(email), true),
            ["another patient"] = (await App.PatientBrowser(w), false),
            ["a radiologist of the establishment"] = (await App.SignedIn(AccountRole.Professional, w.Radiologist), true),
            ["a professional not listed"] = (await App.SignedIn(AccountRole.Professional, w.Stranger), false),
            ["the establishment"] = (establishment, true),
            ["another establishment"] = (App.Client((await App.Services.GetRequiredService<ApiClients>().Register(w.Haguenau, context)).BearerToken), false),
            ["a share recipient of the exam"] = (await App.RecipientOf(account, examId), true),
            ["a share recipient of another patient's exam"] = (await App.RecipientOf(w.PatientAccount, w.ExamCt), false),
        };

        var failures = new List<string>();
        foreach (var (role, (client, allowed)) in roles)
        {
            foreach (var read in reads)
            {
                using var response = await client.GetAsync(read);
                var text = await response.Content.ReadAsStringAsync();
                var sees = response.IsSuccessStatusCode && text.Contains(ct.StudyInstanceUid!, StringComparison.Ordinal)
                           || (response.IsSuccessStatusCode && read == instance);
                // The study list is a patient's or an establishment's; a professional reaches a study through the dossier.
                var expected = allowed && !(read == "/dicomweb/studies" && role.StartsWith("a radiologist", StringComparison.Ordinal));
                if (expected != sees)
                {
                    failures.Add($"{role} GET {read}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}

public class ChunkedStowTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    [Fact]
    public async Task AChunkedStowBody_IsReadLikeAnyOther()
    {
        var (_, client, _, ct) = await Published();
        var multipart = Stow(File("CT_small.dcm"));
        var chunked = new StreamContent(await multipart.ReadAsStreamAsync());
        chunked.Headers.ContentType = multipart.Headers.ContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dicomweb/studies") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(ct.SopInstanceUid, (string?)body["00081199"]!["Value"]![0]!["00081155"]!["Value"]![0]);
    }

}

/// <summary>The corpus's instances have fixed UIDs: a class of its own.</summary>
public class StowPartTests(EmageApp fixture) : DicomWebTests(fixture), IClassFixture<EmageApp>
{
    /// <summary>A body written by hand: parts with and without their own Content-Length, one larger than a read chunk.</summary>
    private static ByteArrayContent Raw(string boundary, params (byte[] Bytes, string? ContentLength)[] parts)
    {
        using var body = new MemoryStream();
        foreach (var (bytes, length) in parts)
        {
            body.Write(System.Text.Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\n" +
                (length is null ? "" : $"Content-Length: {length}\r\n") + "\r\n"));
            body.Write(bytes);
            body.Write("\r\n"u8);
        }

        body.Write(System.Text.Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/related; type=\"application/dicom\"; boundary={boundary}");
        return content;
    }

    [Fact]
    public async Task PartsAreReadWholeAndExact_WithOrWithoutTheirContentLength_AndAWrongOneIsRefused()
    {
        var (_, client, patient, ct) = await Published();
        var pdf = new byte[200_000]; // more than one pooled read chunk
        Random.Shared.NextBytes(pdf);
        "%PDF-1.7\n"u8.CopyTo(pdf);
        var report = Pydicom.Write(new Pydicom.EncapsulatedPdf(pdf, ct.StudyInstanceUid + ".9.1", ct.StudyInstanceUid!, ct.StudyInstanceUid + ".9", ct.PatientId!));
        var image = File("CT_small.dcm");

        using (var wrong = await client.PostAsync("/dicomweb/studies", Raw("b1", (image, (image.Length - 10).ToString(System.Globalization.CultureInfo.InvariantCulture)))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        }

        await using (var query = App.Store.QuerySession())
        {
            Assert.Null(await query.LoadAsync<EMage.Projections.Imaging.StoredInstance>(ct.SopInstanceUid!));
        }

        using var response = await client.PostAsync("/dicomweb/studies",
            Raw("b2", (report, null), (image, image.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var after = App.Store.QuerySession();
        var stored = await after.LoadAsync<EMage.Projections.Imaging.StoredInstance>(ct.SopInstanceUid!);
        Assert.Equal(image.Length, stored!.Size);
        var exam = (await after.LoadAsync<PatientExams>(patient))!.Exams.Single();
        var document = await after.LoadAsync<EMage.Projections.Imaging.ReportDocument>(exam.ReportId!.Value);
        var blob = App.Services.GetRequiredService<EMage.Projections.Imaging.IBlobStore>().Open(document!.Blob)!;
        using var read = new MemoryStream();
        await blob.CopyToAsync(read);
        await blob.DisposeAsync();
        Assert.Equal(pdf, read.ToArray());
    }
}
