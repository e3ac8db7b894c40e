using EMage.Domain.Accounts;
using Snapshooter.Xunit;

namespace EMage.Web.Tests.Api;

public class ProfessionalApiTests(EmageApp app) : IClassFixture<EmageApp>
{
    private const string Find = "query($name: String!, $birth: DateOnly) { findPatients(name: $name, birthDate: $birth) { patientId familyName } }";

    [Fact]
    public async Task AProfessional_FindsOnlyThePatientsTheRuleLetsThemOpen()
    {
        var w = await app.World();
        using var radiologist = await app.SignedIn(AccountRole.Professional, w.Radiologist);
        using var stranger = await app.SignedIn(AccountRole.Professional, w.Stranger);

        var found = (await radiologist.GraphQL(Find, new { name = "dur MAR", birth = "1984-05-12" }))["data"]!["findPatients"]!.AsArray();
        Assert.Contains(found, p => (string?)p!["patientId"] == w.Patient.ToString());
        Assert.Empty((await radiologist.GraphQL(Find, new { name = "durand", birth = "1990-01-01" }))["data"]!["findPatients"]!.AsArray());
        // The search that showed patients is on record for the auditors, with whom it showed; the empty one showed nothing.
        await using (var query = app.Store.QuerySession())
        {
            var searches = (await query.Events.FetchStreamAsync(w.Radiologist)).Select(e => e.Data).OfType<EMage.Domain.Professionals.PatientSearchRecorded>().ToList();
            var search = Assert.Single(searches);
            Assert.Equal(("dur MAR", new DateOnly(1984, 5, 12)), (search.Name, search.BirthDate));
            Assert.Equal(found.Select(p => Guid.Parse((string)p!["patientId"]!)), search.PatientIds);
        }

        Assert.DoesNotContain((await stranger.GraphQL(Find, new { name = "durand", birth = (string?)null }))["data"]!["findPatients"]!.AsArray(),
            p => (string?)p!["patientId"] == w.Patient.ToString());

        // A platform administrator may open every dossier, so finds any patient.
        using var administrator = await app.SignedIn(AccountRole.Professional, w.PlatformAdmin);
        Assert.Contains((await administrator.GraphQL(Find, new { name = "durand marie", birth = (string?)null }))["data"]!["findPatients"]!.AsArray(),
            p => (string?)p!["patientId"] == w.Patient.ToString());

        await stranger.GraphQL("""mutation($p: ID!) { requestBreakGlass(patientId: $p, justification: "Patient inconscient aux urgences, imagerie antérieure nécessaire") { grantId } }""",
            new { p = w.Patient });
        Assert.Contains((await stranger.GraphQL(Find, new { name = "durand", birth = (string?)null }))["data"]!["findPatients"]!.AsArray(),
            p => (string?)p!["patientId"] == w.Patient.ToString());
    }
}

/// <summary>A database of its own, so that the snapshot holds this world only.</summary>
public class OpenDossierSnapshotTests(EmageApp app) : IClassFixture<EmageApp>
{
    [Fact]
    public async Task OpeningADossier_AnswersTheDossier_AndThePatientSeesTheOpening()
    {
        var w = await app.World();
        using var radiologist = await app.SignedIn(AccountRole.Professional, w.Radiologist);
        var opened = await radiologist.GraphQL("""
            mutation($p: ID!, $e: ID) { openDossier(patientId: $p, examId: $e) { patientId familyName givenNames birthDate basis exams { id label modality establishmentName } } }
            """, new { p = w.Patient, e = w.ExamCt });
        using var patient = await app.PatientBrowser(w);
        var history = await patient.GraphQL("{ myAccessHistory(first: 5) { nodes { actorName basis examLabel } } }");

        Snapshot.Match(JsonNormalizer.Normalize(opened.Json() + "\n" + history.Json()));
    }
}
