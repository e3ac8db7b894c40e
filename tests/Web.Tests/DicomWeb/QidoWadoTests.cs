using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Store;
using EMage.Testing;
using EMage.Web.Demo;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.DicomWeb;

/// <summary>
/// QIDO-RS matching and paging, WADO-RS of whole studies and series, on two exams of one patient
/// made by the demo's DICOM writer: a CT of 2023 (two series, 3 + 2 images) and an MR of 2024 (2 images).
/// </summary>
public class QidoWadoTests(EmageApp app) : IClassFixture<EmageApp>
{
    // The tests of this class share a database: each world has UIDs of its own.
    private readonly string Ct = $"1.2.250.1.42.{Random.Shared.Next(1, int.MaxValue)}.1";
    private readonly string Mr = $"1.2.250.1.42.{Random.Shared.Next(1, int.MaxValue)}.2";

    private async Task<(SeedWorld World, HttpClient Establishment, Guid Patient, Guid EstablishmentId)> TwoExams()
    {
        var w = await app.World();
        var context = CommandContext.For(Actor.System("test"));
        var establishment = Guid.NewGuid();
        var establishments = app.Services.GetRequiredService<EstablishmentHandler>();
        await establishments.Register(establishment, "670000165", "SELESTAT", "Sélestat", context);
        await establishments.AppointStaff(establishment, w.Radiologist, EMage.Domain.Establishments.StaffRole.Radiologist, context);
        var publications = app.Services.GetRequiredService<PublicationHandler>();
        var identity = new PatientIdentity("DURAND", "Marie", new DateOnly(1984, 5, 12), Sex.Female, null, null);
        Guid patient = default;
        foreach (var (study, modality, accession, date) in new[] { (Ct, "CT", "Q-ACC-1", "20230306"), (Mr, "MR", "Q-ACC-2", "20240115") })
        {
            var published = await publications.Publish(establishment, new EstablishmentPublication(DemoImages.PatientIdAtEstablishments, identity,
                modality == "CT" ? "Scanner" : "IRM", modality, app.Clock.GetUtcNow().AddDays(-1), accession, study, [w.Correspondent]), context);
            patient = published.Item1;
        }

        var client = app.Client((await app.Services.GetRequiredService<ApiClients>().Register(establishment, context)).BearerToken);
        var parts = new List<byte[]>();
        parts.AddRange(DemoImages.Instances(new DemoImages.Series(Ct, $"{Ct}.1", "CT", "Q-ACC-1", "20230306", "Scanner", 3, 16, 1, "Sans injection")));
        parts.AddRange(DemoImages.Instances(new DemoImages.Series(Ct, $"{Ct}.2", "CT", "Q-ACC-1", "20230306", "Scanner", 2, 16, 2, "Avec injection")));
        parts.AddRange(DemoImages.Instances(new DemoImages.Series(Mr, $"{Mr}.1", "MR", "Q-ACC-2", "20240115", "IRM", 2, 16, 1, "Axiale T1")));
        using var stow = await client.PostAsync("/dicomweb/studies", DicomWebTests.Stow([.. parts]));
        Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        return (w, client, patient, establishment);
    }

    private static async Task<(JsonArray Results, string[] Warnings)> Qido(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType?.MediaType);
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.ToArray() : [];
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray(), warnings);
    }

    private static string[] Uids(JsonArray results, string tag) => results.Select(r => (string)r![tag]!["Value"]![0]!).ToArray();

    [Fact]
    public async Task StudySearch_MatchesByKeyword_OrTag_AndPagesNewestFirst()
    {
        var (_, establishment, _, _) = await TwoExams();

        var (all, _) = await Qido(establishment, "/dicomweb/studies");
        Assert.Equal([Mr, Ct], Uids(all, "0020000D"));
        var ct = all[1]!;
        Assert.Equal(("20230306", "090000", "Q-ACC-1", "DURAND^Marie", "DEMO-IPP-1"),
            ((string?)ct["00080020"]!["Value"]![0], (string?)ct["00080030"]!["Value"]![0], (string?)ct["00080050"]!["Value"]![0],
                (string?)ct["00100010"]!["Value"]![0]!["Alphabetic"], (string?)ct["00100020"]!["Value"]![0]));
        Assert.Equal((2, 5, "CT"), ((int)ct["00201206"]!["Value"]![0]!, (int)ct["00201208"]!["Value"]![0]!, (string?)ct["00080061"]!["Value"]![0]));
        Assert.EndsWith($"/dicomweb/studies/{Ct}", (string?)ct["00081190"]!["Value"]![0], StringComparison.Ordinal);

        foreach (var (query, expected) in new (string, string[])[]
                 {
                     ("StudyDate=20230101-20231231", [Ct]),
                     ("StudyDate=20240115", [Mr]),
                     ("StudyDate=-20221231", []),
                     ("StudyDate=20240101-", [Mr]),
                     ("ModalitiesInStudy=MR", [Mr]),
                     ("ModalitiesInStudy=CT,MR", [Mr, Ct]),
                     ("AccessionNumber=Q-ACC-1", [Ct]),
                     ("00080050=Q-ACC-2", [Mr]),
                     ("AccessionNumber=Q-ACC-*", [Mr, Ct]),
                     ("AccessionNumber=q-acc-1", []),
                     ("PatientName=durand*", [Mr, Ct]),
                     ("PatientName=*MARIE", [Mr, Ct]),
                     ("PatientName=MART*", []),
                     ("PatientID=DEMO-IPP-1&StudyDescription=IRM", [Mr]),
                     ($"StudyInstanceUID={Ct},1.2.3", [Ct]),
                     ($"0020000D={Mr}", [Mr]),
                 })
        {
            var (found, warnings) = await Qido(establishment, "/dicomweb/studies?" + query);
            Assert.True(expected.SequenceEqual(Uids(found, "0020000D")), $"{query}: {found.ToJsonString()}");
            Assert.Empty(warnings);
        }

        var (first, more) = await Qido(establishment, "/dicomweb/studies?limit=1");
        Assert.Equal([Mr], Uids(first, "0020000D"));
        Assert.Contains(more, w => w.StartsWith("299 ", StringComparison.Ordinal) && w.Contains("offset=1", StringComparison.Ordinal));
        var (second, last) = await Qido(establishment, "/dicomweb/studies?limit=1&offset=1");
        Assert.Equal([Ct], Uids(second, "0020000D"));
        Assert.Empty(last);

        var (_, ignored) = await Qido(establishment, "/dicomweb/studies?ReferringPhysicianName=X&fuzzymatching=true");
        Assert.Equal(2, ignored.Length);
        Assert.Contains(ignored, w => w.Contains("ReferringPhysicianName", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadQueries_AreClear400s_AndAnUnacceptableTypeIsA406()
    {
        var (_, establishment, _, _) = await TwoExams();
        foreach (var query in new[] { "StudyDate=2023", "StudyDate=20231301", "StudyDate=-", "limit=0", "limit=5000", "offset=-1" })
        {
            using var response = await establishment.GetAsync("/dicomweb/studies?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]));
        }

        using var png = new HttpRequestMessage(HttpMethod.Get, "/dicomweb/studies");
        png.Headers.Accept.ParseAdd("image/png");
        Assert.Equal(HttpStatusCode.NotAcceptable, (await establishment.SendAsync(png)).StatusCode);
        using var jpeg = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{Ct}");
        jpeg.Headers.Accept.ParseAdd("multipart/related; type=\"image/jpeg\"");
        Assert.Equal(HttpStatusCode.NotAcceptable, (await establishment.SendAsync(jpeg)).StatusCode);
    }

    [Fact]
    public async Task SeriesAndInstanceSearch_InViewingOrder_WithTheirKeys()
    {
        var (_, establishment, _, _) = await TwoExams();

        var (series, _) = await Qido(establishment, $"/dicomweb/studies/{Ct}/series");
        Assert.Equal([$"{Ct}.1", $"{Ct}.2"], Uids(series, "0020000E"));
        Assert.Equal(("Avec injection", 2, 2), ((string?)series[1]!["0008103E"]!["Value"]![0], (int)series[1]!["00200011"]!["Value"]![0]!, (int)series[1]!["00201209"]!["Value"]![0]!));
        Assert.Equal([$"{Ct}.2"], Uids((await Qido(establishment, $"/dicomweb/studies/{Ct}/series?SeriesNumber=2")).Results, "0020000E"));
        Assert.Empty((await Qido(establishment, $"/dicomweb/studies/{Ct}/series?Modality=MR")).Results);

        var (instances, _) = await Qido(establishment, $"/dicomweb/studies/{Ct}/instances");
        Assert.Equal([$"{Ct}.1.1", $"{Ct}.1.2", $"{Ct}.1.3", $"{Ct}.2.1", $"{Ct}.2.2"], Uids(instances, "00080018"));
        Assert.Equal(2, (await Qido(establishment, $"/dicomweb/studies/{Ct}/instances?SeriesNumber=2")).Results.Count);
        Assert.Equal([$"{Ct}.1.2"], Uids((await Qido(establishment, $"/dicomweb/studies/{Ct}/series/{Ct}.1/instances?InstanceNumber=2")).Results, "00080018"));
        var (page, warnings) = await Qido(establishment, $"/dicomweb/studies/{Ct}/instances?limit=2&offset=2");
        Assert.Equal([$"{Ct}.1.3", $"{Ct}.2.1"], Uids(page, "00080018"));
        Assert.Single(warnings);
    }

    [Fact]
    public async Task WholeStudiesAndSeries_AreRetrieved_WithTheirMetadata_ByThoseWhoMaySeeThem()
    {
        var (w, establishment, patient, _) = await TwoExams();

        static async Task<List<byte[]>> Parts(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("multipart/related", response.Content.Headers.ContentType?.MediaType);
            var boundary = response.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!;
            var section = new Microsoft.AspNetCore.WebUtilities.MultipartReader(boundary, await response.Content.ReadAsStreamAsync());
            var parts = new List<byte[]>();
            while (await section.ReadNextSectionAsync() is { } part)
            {
                Assert.Equal("application/dicom", part.ContentType);
                using var buffer = new MemoryStream();
                await part.Body.CopyToAsync(buffer);
                parts.Add(buffer.ToArray());
            }

            return parts;
        }

        var study = await Parts(await establishment.GetAsync($"/dicomweb/studies/{Ct}"));
        Assert.Equal([$"{Ct}.1.1", $"{Ct}.1.2", $"{Ct}.1.3", $"{Ct}.2.1", $"{Ct}.2.2"], study.Select(p => EMage.Imaging.DicomReader.Read(p).SopInstanceUid));
        Assert.All(study, p => Assert.True(p.AsSpan(0, 128).IndexOfAnyExcept((byte)0) < 0 && Encoding.ASCII.GetString(p, 128, 4) == "DICM"));
        Assert.Equal(2, (await Parts(await establishment.GetAsync($"/dicomweb/studies/{Ct}/series/{Ct}.2"))).Count);

        var metadata = JsonNode.Parse(await (await establishment.GetAsync($"/dicomweb/studies/{Ct}/metadata")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(5, metadata.Count);
        Assert.All(metadata, m => Assert.Equal(Ct, (string?)m!["0020000D"]!["Value"]![0]));
        Assert.All(metadata, m => Assert.Null(m!["7FE00010"]?["Value"]));
        var seriesMetadata = JsonNode.Parse(await (await establishment.GetAsync($"/dicomweb/studies/{Ct}/series/{Ct}.2/metadata")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(["Avec injection", "Avec injection"], seriesMetadata.Select(m => (string?)m!["0008103E"]!["Value"]![0]));

        // Another patient and a professional not listed learn nothing: the same 404 as for a study that does not exist.
        using var stranger = await app.SignedIn(AccountRole.Professional, w.Stranger);
        using var other = await app.PatientBrowser(w);
        foreach (var client in new[] { stranger, other })
        {
            foreach (var path in new[] { $"/dicomweb/studies/{Ct}", $"/dicomweb/studies/{Ct}/metadata", $"/dicomweb/studies/{Ct}/series/{Ct}.1", "/dicomweb/studies/1.2.3.4" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
            }
        }

        // The radiologist of the establishment retrieves the study: one opening, however many reads follow.
        using var radiologist = await app.SignedIn(AccountRole.Professional, w.Radiologist);
        Assert.Empty((await Qido(radiologist, "/dicomweb/studies")).Results);
        Assert.Equal(5, (await Parts(await radiologist.GetAsync($"/dicomweb/studies/{Ct}"))).Count);
        Assert.Equal(HttpStatusCode.OK, (await radiologist.GetAsync($"/dicomweb/studies/{Ct}/metadata")).StatusCode);
        await using var session = app.Store.QuerySession();
        var openings = (await session.Events.FetchStreamAsync(patient)).Select(e => e.Data).OfType<DossierOpened>().ToList();
        Assert.Equal(w.Radiologist, Assert.Single(openings).ActorId);
    }

    [Fact]
    public async Task AProfessionalsStudySearch_CoversTheDossiersTheyOpened_WhileAccessHolds()
    {
        var (w, _, patient, establishment) = await TwoExams();
        using var radiologist = await app.SignedIn(AccountRole.Professional, w.Radiologist);
        // Nothing opened yet: nothing to search, although the rule would let them open this dossier.
        Assert.Empty((await Qido(radiologist, "/dicomweb/studies")).Results);

        var opened = await radiologist.GraphQL("mutation($p: ID!) { openDossier(patientId: $p) { basis } }", new { p = patient });
        Assert.Equal("RADIOLOGIST", (string?)opened["data"]!["openDossier"]!["basis"]);
        Assert.Equal([Mr, Ct], Uids((await Qido(radiologist, "/dicomweb/studies")).Results, "0020000D")); // newest first
        Assert.Equal([Ct], Uids((await Qido(radiologist, "/dicomweb/studies?ModalitiesInStudy=CT")).Results, "0020000D"));

        await app.Services.GetRequiredService<EstablishmentHandler>().RemoveStaff(establishment, w.Radiologist,
            EMage.Domain.Establishments.StaffRole.Radiologist, CommandContext.For(Actor.System("test")));
        Assert.Empty((await Qido(radiologist, "/dicomweb/studies")).Results);
    }

    [Fact]
    public async Task ManyFirstReadsAtOnce_InOneViewingSession_RecordOneOpening()
    {
        // A viewer loads a series' images in parallel: each could be the session's first read of the study.
        var (w, _, patient, _) = await TwoExams();
        using var radiologist = await app.SignedIn(AccountRole.Professional, w.Radiologist);
        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            radiologist.GetAsync($"/dicomweb/studies/{Ct}/series/{Ct}.{1 + i % 2}/instances/{Ct}.{1 + i % 2}.{1 + i % 2}")));
        Assert.All(reads, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        await using var session = app.Store.QuerySession();
        var openings = (await session.Events.FetchStreamAsync(patient)).Select(e => e.Data).OfType<DossierOpened>().ToList();
        Assert.Equal(w.Radiologist, Assert.Single(openings).ActorId);
    }

    [Fact]
    public async Task AProfessionalWhoLosesAccess_ReadsNothingMore_EvenInTheViewingSessionThatOpenedTheStudy()
    {
        var (w, _, _, establishment) = await TwoExams();
        using var radiologist = await app.SignedIn(AccountRole.Professional, w.Radiologist);
        var instance = $"/dicomweb/studies/{Ct}/series/{Ct}.1/instances/{Ct}.1.1";
        Assert.Equal(HttpStatusCode.OK, (await radiologist.GetAsync(instance)).StatusCode); // the opening
        Assert.Equal(HttpStatusCode.OK, (await radiologist.GetAsync($"{instance}/metadata")).StatusCode); // a later read, allowed

        await app.Services.GetRequiredService<EstablishmentHandler>().RemoveStaff(establishment, w.Radiologist,
            EMage.Domain.Establishments.StaffRole.Radiologist, CommandContext.For(Actor.System("test")));

        Assert.Equal(HttpStatusCode.NotFound, (await radiologist.GetAsync($"{instance}/metadata")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await radiologist.GetAsync($"/dicomweb/studies/{Ct}/series")).StatusCode);
    }
}
