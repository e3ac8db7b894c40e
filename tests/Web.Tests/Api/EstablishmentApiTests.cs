using System.Net;
using EMage.Domain.Common;
using EMage.Projections.Establishments;
using EMage.Projections.Store;
using EMage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Api;

public class EstablishmentApiTests(EmageApp app) : IClassFixture<EmageApp>
{
    private const string Publish = """
        mutation($input: PublishExamInput!) { publishExam(input: $input) { patientId examId } }
        """;

    private static object Exam(string localId, string study, string? ins = "184057512345625", string label = "IRM du genou") => new
    {
        input = new
        {
            localPatientId = localId, familyName = "Durand", givenNames = "Marie", birthDate = "1984-05-12", sex = "FEMALE",
            email = "marie@example.fr", ins, label, modality = "MR", performedAt = "2026-01-10T09:30:00+01:00",
            accessionNumber = "ACC42", studyInstanceUid = study, correspondentIds = Array.Empty<string>(),
        },
    };

    private async Task<HttpClient> ClientOf(Guid establishment) =>
        app.Client((await app.Services.GetRequiredService<ApiClients>().Register(establishment, CommandContext.For(Actor.System("test")))).BearerToken);

    [Fact]
    public async Task AnEstablishmentsOpenings_AreOfItsOwnExams_OrOfTheWholeDossier_NeverOfExamsMadeElsewhere()
    {
        var w = await app.World();
        var elsewhere = Guid.NewGuid();
        await w.PublishCt(w.Patient, elsewhere, w.Haguenau);
        var dossiers = app.Services.GetRequiredService<EMage.Projections.Dossiers.DossierHandler>();
        await dossiers.Open(w.Patient, w.Radiologist, w.ExamCt, CommandContext.For(Actor.Account(w.Radiologist)));
        await dossiers.Open(w.Patient, w.HaguenauRadiologist, elsewhere, CommandContext.For(Actor.Account(w.HaguenauRadiologist)));
        await dossiers.Open(w.Patient, w.Correspondent, null, CommandContext.For(Actor.Account(w.Correspondent)));

        async Task<List<string>> ExamsSeenBy(Guid establishment)
        {
            using var client = await ClientOf(establishment);
            return [.. (await client.GraphQL("{ establishmentOpenings(first: 100) { examId } }"))["data"]!["establishmentOpenings"]!.AsArray()
                .Select(o => (string?)o!["examId"] ?? "(the whole dossier)")];
        }

        Assert.Equal(["(the whole dossier)", w.ExamCt.ToString()], await ExamsSeenBy(w.Wissembourg)); // newest first
        Assert.Equal(["(the whole dossier)", elsewhere.ToString()], await ExamsSeenBy(w.Haguenau));

        // Paged: a page of one, then the entries older than its cursor.
        using var wissembourg = await ClientOf(w.Wissembourg);
        const string Page = "query($after: String) { establishmentOpenings(first: 1, after: $after) { examId cursor } }";
        var first = Assert.Single((await wissembourg.GraphQL(Page, new { after = (string?)null }))["data"]!["establishmentOpenings"]!.AsArray())!;
        var second = Assert.Single((await wissembourg.GraphQL(Page, new { after = (string)first["cursor"]! }))["data"]!["establishmentOpenings"]!.AsArray())!;
        Assert.Equal(w.ExamCt.ToString(), (string?)second["examId"]);
        Assert.Empty((await wissembourg.GraphQL(Page, new { after = (string)second["cursor"]! }))["data"]!["establishmentOpenings"]!.AsArray());
        var bad = await wissembourg.GraphQL(Page, new { after = "pas un curseur" });
        Assert.Equal("BAD_CURSOR", (string?)bad["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task AnEstablishment_PublishesExams_AndFindsThePatientAgainByInsOrByItsOwnId()
    {
        var w = await app.World();
        using var wissembourg = await ClientOf(w.Wissembourg);
        using var haguenau = await ClientOf(w.Haguenau);
        var study = $"1.2.250.9.{Random.Shared.Next()}";

        var first = (await wissembourg.GraphQL(Publish, Exam("IPP-1", study)))["data"]!["publishExam"]!;
        var again = (await wissembourg.GraphQL(Publish, Exam("IPP-1", study)))["data"]!["publishExam"]!;
        Assert.Equal(first.Json(), again.Json()); // re-sending is harmless

        var byOwnId = (await wissembourg.GraphQL(Publish, Exam("IPP-1", study + ".2", ins: null)))["data"]!["publishExam"]!;
        var elsewhere = (await haguenau.GraphQL(Publish, Exam("H-77", study + ".3")))["data"]!["publishExam"]!;
        Assert.Equal((string?)first["patientId"], (string?)byOwnId["patientId"]);
        Assert.Equal((string?)first["patientId"], (string?)elsewhere["patientId"]);

        var own = (await haguenau.GraphQL("{ establishmentExams { nodes { patientId exam { id establishmentName } } } }"))["data"]!["establishmentExams"]!["nodes"]!.AsArray();
        Assert.Equal([(string?)elsewhere["examId"]], own.Select(e => (string?)e!["exam"]!["id"]));
    }

    [Fact]
    public async Task AnEstablishmentsExams_ComeAPageAtATime_NewestPublishedFirst()
    {
        var establishment = Guid.NewGuid();
        await app.Services.GetRequiredService<EstablishmentHandler>().Register(establishment, "670000165", "BISCHWILLER", "Bischwiller", CommandContext.For(Actor.System("test")));
        using var client = await ClientOf(establishment);
        var study = $"1.2.250.9.{Random.Shared.Next()}";
        var published = new List<string>();
        foreach (var (n, label) in new[] { (1, "Radio du thorax"), (2, "Scanner abdominal"), (3, "IRM du genou") })
        {
            published.Add((string)(await client.GraphQL(Publish, Exam($"B-{n}", $"{study}.{n}", ins: null, label: label)))["data"]!["publishExam"]!["examId"]!);
        }

        const string Page = "query($first: Int!, $after: String) { establishmentExams(first: $first, after: $after) { nodes { exam { id } } hasNextPage endCursor } }";
        var first = (await client.GraphQL(Page, new { first = 2 }))["data"]!["establishmentExams"]!;
        Assert.Equal([published[2], published[1]], first["nodes"]!.AsArray().Select(e => (string)e!["exam"]!["id"]!));
        Assert.True((bool)first["hasNextPage"]!);
        var second = (await client.GraphQL(Page, new { first = 2, after = (string)first["endCursor"]! }))["data"]!["establishmentExams"]!;
        Assert.Equal([published[0]], second["nodes"]!.AsArray().Select(e => (string)e!["exam"]!["id"]!));
        Assert.False((bool)second["hasNextPage"]!);

        // Another list's cursor, a forged one, a page too large: clear errors.
        var history = Convert.ToBase64String("h:1"u8.ToArray());
        Assert.Equal("BAD_CURSOR", (string?)(await client.GraphQL(Page, new { first = 2, after = history }))["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal("BAD_CURSOR", (string?)(await client.GraphQL(Page, new { first = 2, after = "%%%" }))["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal("BAD_PAGE_SIZE", (string?)(await client.GraphQL(Page, new { first = 501 }))["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task BadPublications_AreRefusedWithACode_AndWriteNothing()
    {
        var w = await app.World();
        using var client = await ClientOf(w.Wissembourg);
        var before = await app.EventCount();
        var badIns = await client.GraphQL(Publish, Exam("IPP-9", "1.2.3.4.5", ins: "184057512345699"));
        Assert.Equal("INVALID_INS", (string?)badIns["errors"]![0]!["extensions"]!["code"]);
        var badStudy = await client.GraphQL(Publish, Exam("IPP-9", "not-a-uid"));
        Assert.Equal("INVALID_STUDY_UID", (string?)badStudy["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal(before, await app.EventCount());
    }

    [Fact]
    public async Task AnUnknownOrRevokedCredential_Gets401()
    {
        var w = await app.World();
        var clients = app.Services.GetRequiredService<ApiClients>();
        var issued = await clients.Register(w.Wissembourg, CommandContext.For(Actor.System("test")));
        using var forged = app.Client(issued.ClientId + ".not-the-secret");
        using var response = await forged.PostAsync("/graphql", Requests.Json("{ establishmentExams { nodes { patientId } } }", new { }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        using var genuine = app.Client(issued.BearerToken);
        Assert.Null((await genuine.GraphQL("{ establishmentExams { nodes { patientId } } }"))["errors"]);
        await clients.Revoke(w.Wissembourg, issued.ClientId, CommandContext.For(Actor.System("test")));
        using var revoked = await genuine.PostAsync("/graphql", Requests.Json("{ establishmentExams { nodes { patientId } } }", new { }));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }
}
