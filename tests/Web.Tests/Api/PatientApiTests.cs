using EMage.Domain.Common;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;

namespace EMage.Web.Tests.Api;

public class PatientApiTests(EmageApp app) : IClassFixture<EmageApp>
{
    internal const string Screens = """
        {
          myNewDocuments { kind examLabel establishmentName availableAt }
          myExams { id label modality establishmentName hasReport seriesCount instanceCount }
          myProfessionals { familyName givenName profession specialty basis institution authorisedSince temporary temporaryUntil }
          myAccessHistory(first: 10) { nodes { openedAt actorName basis examLabel } hasNextPage }
          establishments { name city holdsMyExams }
          myShares { examLabel recipientEmail status uses }
        }
        """;

    [Fact]
    public async Task APatient_SharesAnExam_SeesTheShare_AndRevokesIt()
    {
        var w = await app.World();
        using var patient = await app.PatientBrowser(w);

        var shared = await patient.GraphQL("""
            mutation($exam: ID!) { shareExam(examId: $exam, recipientEmail: "ami@example.fr", days: 3, message: "Pour avis") { id status expiresAt } }
            """, new { exam = w.ExamCt });
        var shareId = (string)shared["data"]!["shareExam"]!["id"]!;
        Assert.Equal("ACTIVE", (string?)shared["data"]!["shareExam"]!["status"]);

        var revoked = await patient.GraphQL("mutation($id: ID!) { revokeShare(shareId: $id) { status } }", new { id = shareId });
        Assert.Equal("REVOKED", (string?)revoked["data"]!["revokeShare"]!["status"]);

        var tooLong = await patient.GraphQL("""
            mutation($exam: ID!) { shareExam(examId: $exam, recipientEmail: "ami@example.fr", days: 31) { id } }
            """, new { exam = w.ExamCt });
        Assert.Equal("INVALID_DURATION", (string?)tooLong["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task MarkingADocumentSeen_TakesItOffTheHomePage()
    {
        var w = await app.World();
        await app.Services.GetRequiredService<DossierHandler>().AttachReport(w.Patient, w.ExamCt, Guid.NewGuid(), CommandContext.For(Actor.System("test")));
        using var patient = await app.PatientBrowser(w);
        Assert.Single((await patient.GraphQL("{ myNewDocuments { kind } }"))["data"]!["myNewDocuments"]!.AsArray());

        var left = await patient.GraphQL("mutation($e: ID!) { markDocumentSeen(examId: $e, kind: REPORT) { kind } }", new { e = w.ExamCt });

        Assert.Empty(left["data"]!["markDocumentSeen"]!.AsArray());
        Assert.Empty((await patient.GraphQL("{ myNewDocuments { kind } }"))["data"]!["myNewDocuments"]!.AsArray());
    }

    [Fact]
    public async Task Deactivating_EndsTheSession_AndProfessionalsKeepAccess()
    {
        var w = await app.World();
        using var patient = await app.PatientBrowser(w);
        var refused = await patient.GraphQL("mutation { deactivateAccount(confirm: false) { active } }");
        Assert.Equal("BAD_USER_INPUT", (string?)refused["errors"]![0]!["extensions"]!["code"]);

        var done = await patient.GraphQL("mutation { deactivateAccount(confirm: true) { active deactivatedAt } }");
        Assert.False((bool)done["data"]!["deactivateAccount"]!["active"]!);
        Assert.NotNull((string?)done["data"]!["deactivateAccount"]!["deactivatedAt"]);
        var after = await patient.GraphQL("{ myExams { id } }");
        Assert.Equal("UNAUTHENTICATED", (string?)after["errors"]![0]!["extensions"]!["code"]);

        using var radiologist = await app.SignedIn(EMage.Domain.Accounts.AccountRole.Professional, w.Radiologist);
        var opened = await radiologist.GraphQL("mutation($p: ID!) { openDossier(patientId: $p) { basis } }", new { p = w.Patient });
        Assert.Equal("RADIOLOGIST", (string?)opened["data"]!["openDossier"]!["basis"]);
    }

    [Fact]
    public async Task ChangingThePassword_NeedsTheCurrentOne_AndEndsTheOtherSessions()
    {
        var w = await app.World();
        using var patient = await app.PatientBrowser(w);
        using var otherDevice = await app.PatientBrowser(w);
        var wrong = await patient.GraphQL("""mutation { changePassword(currentPassword: "nope", newPassword: "Un-nouveau-2026") { id } }""");
        Assert.Equal("INVALID_CURRENT_PASSWORD", (string?)wrong["errors"]![0]!["extensions"]!["code"]);
        var weak = await patient.GraphQL($$"""mutation { changePassword(currentPassword: "{{Scenarios.Password}}", newPassword: "court") { id } }""");
        Assert.Equal("PASSWORD_POLICY", (string?)weak["errors"]![0]!["extensions"]!["code"]);
        var ok = await patient.GraphQL($$"""mutation { changePassword(currentPassword: "{{Scenarios.Password}}", newPassword: "Un-nouveau-2026") { id } }""");
        Assert.Equal(w.PatientAccount.ToString(), (string?)ok["data"]!["changePassword"]!["id"]);
        Assert.NotNull(await patient.Me());
        Assert.Null(await otherDevice.Me());
    }
}

/// <summary>A database of its own, so that the snapshot holds this world and nothing else.</summary>
public class PatientScreensSnapshotTests(EmageApp app) : IClassFixture<EmageApp>
{
    [Fact]
    public async Task ThePatientsScreens_ShowTheirOwnDossier()
    {
        var w = await app.World();
        var dossiers = app.Services.GetRequiredService<DossierHandler>();
        await dossiers.AttachReport(w.Patient, w.ExamCt, Guid.NewGuid(), CommandContext.For(Actor.System("test")));
        await dossiers.Open(w.Patient, w.Radiologist, w.ExamCt, CommandContext.For(Actor.Account(w.Radiologist)));
        using var patient = await app.PatientBrowser(w);

        var answer = await patient.GraphQL(PatientApiTests.Screens);
        Assert.Null(answer["errors"]);
        Snapshot.Match(JsonNormalizer.Normalize(answer.Json()));
    }

}
