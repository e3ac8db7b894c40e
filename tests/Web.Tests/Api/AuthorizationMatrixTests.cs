using System.Text.Json.Nodes;
using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Shares;
using EMage.Projections.Store;
using EMage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Api;

/// <summary>
/// Every query and mutation, by every role, against patient A's resources: only those the rules
/// allow get data; everyone else gets an error that is the same as for a resource that does not
/// exist, and never one of A's ids.
/// </summary>
public class AuthorizationMatrixTests(EmageApp app) : IClassFixture<EmageApp>
{
    public enum Role { Anonymous, PatientA, PatientB, Stranger, Radiologist, Auditor, EstablishmentOfA, OtherEstablishment }

    private sealed record Operation(string Name, string Document, Func<Targets, object> Variables, Role[] Allowed);

    private sealed record Targets(Guid Patient, Guid Exam, Guid Share, Guid Professional);

    private const string Justification = "Patient inconscient aux urgences, imagerie antérieure nécessaire";

    private static readonly Role[] Patients = [Role.PatientA, Role.PatientB];
    private static readonly Role[] Establishments = [Role.EstablishmentOfA, Role.OtherEstablishment];

    private static readonly Operation[] Operations =
    [
        new("myNewDocuments", "{ myNewDocuments { examId } }", _ => new { }, Patients),
        new("myExams", "{ myExams { id } }", _ => new { }, Patients),
        new("myProfessionals", "{ myProfessionals { professionalId } }", _ => new { }, Patients),
        new("myAccessHistory", "{ myAccessHistory(first: 5) { nodes { examId } } }", _ => new { }, Patients),
        new("establishments", "{ establishments { id } }", _ => new { }, Patients),
        new("myShares", "{ myShares { id examId } }", _ => new { }, Patients),
        new("shareExam", "mutation($exam: ID!) { shareExam(examId: $exam, recipientEmail: \"x@example.fr\") { id examId } }",
            t => new { exam = t.Exam }, [Role.PatientA]),
        new("revokeShare", "mutation($share: ID!) { revokeShare(shareId: $share) { id examId } }", t => new { share = t.Share }, [Role.PatientA]),
        new("openDossier", "mutation($patient: ID!) { openDossier(patientId: $patient) { patientId exams { id } } }",
            t => new { patient = t.Patient }, [Role.Radiologist]),
        new("findPatients", "{ findPatients(name: \"Durand\") { patientId } }", _ => new { }, [Role.Stranger, Role.Radiologist]),
        new("requestBreakGlass", "mutation($patient: ID!, $why: String!) { requestBreakGlass(patientId: $patient, justification: $why) { grantId } }",
            t => new { patient = t.Patient, why = Justification }, [Role.Stranger, Role.Radiologist]),
        new("auditProfessionalsWithAccess", "query($patient: ID!) { auditProfessionalsWithAccess(patientId: $patient) { professionalId } }",
            t => new { patient = t.Patient }, [Role.Auditor]),
        new("auditAccessHistory", "query($patient: ID!) { auditAccessHistory(patientId: $patient) { examId } }",
            t => new { patient = t.Patient }, [Role.Auditor]),
        new("auditEvents", "query($patient: ID!) { auditEvents(streamId: $patient, first: 5) { events { streamId } } }",
            t => new { patient = t.Patient }, [Role.Auditor]),
        new("establishmentExams", "{ establishmentExams { nodes { patientId exam { id } } } }", _ => new { }, Establishments),
        new("establishmentOpenings", "{ establishmentOpenings(first: 10) { examId } }", _ => new { }, Establishments),
        new("appointStaff", "mutation($p: ID!) { appointStaff(professionalId: $p, role: RADIOLOGIST) { role } }", t => new { p = t.Professional }, Establishments),
    ];

    [Fact]
    public async Task EveryOperation_ByEveryRole_LeaksNothing()
    {
        var a = await app.World();
        var b = await app.World();
        var share = await app.Services.GetRequiredService<ShareHandler>()
            .Share(a.PatientAccount, a.ExamCt, "ami@example.fr", null, 7, CommandContext.For(Actor.Account(a.PatientAccount)));
        var real = new Targets(a.Patient, a.ExamCt, share.ShareId, a.Stranger);
        var fake = new Targets(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var clients = app.Services.GetRequiredService<EMage.Projections.Establishments.ApiClients>();
        var context = CommandContext.For(Actor.System("test"));
        string[] secrets = [a.Patient.ToString(), a.ExamCt.ToString(), share.ShareId.ToString()];

        var browsers = new Dictionary<Role, HttpClient>
        {
            [Role.Anonymous] = app.Browser(),
            [Role.PatientA] = await app.PatientBrowser(a),
            [Role.PatientB] = await app.PatientBrowser(b),
            [Role.Stranger] = await app.SignedIn(AccountRole.Professional, a.Stranger),
            [Role.Radiologist] = await app.SignedIn(AccountRole.Professional, a.Radiologist),
            [Role.Auditor] = await app.SignedIn(AccountRole.Auditor),
            [Role.EstablishmentOfA] = app.Client((await clients.Register(a.Wissembourg, context)).BearerToken),
            [Role.OtherEstablishment] = app.Client((await clients.Register(b.Haguenau, context)).BearerToken),
        };

        var failures = new List<string>();
        foreach (var operation in Operations)
        {
            foreach (var (role, browser) in browsers)
            {
                var answer = await browser.GraphQL(operation.Document, operation.Variables(real));
                var text = answer.ToJsonString();
                var allowed = operation.Allowed.Contains(role);
                var mayKnowA = allowed && role is not (Role.PatientB or Role.OtherEstablishment)
                               && !(operation.Name == "findPatients" && role == Role.Stranger);
                if (allowed && answer["errors"] is not null)
                {
                    failures.Add($"{operation.Name} by {role}: refused: {text}");
                }

                if (!mayKnowA && secrets.Any(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)))
                {
                    failures.Add($"{operation.Name} by {role}: leaks one of A's ids: {text}");
                }

                if (!allowed)
                {
                    var error = answer["errors"]?[0];
                    if (error is null || answer["data"]?[operation.Name] is not null)
                    {
                        failures.Add($"{operation.Name} by {role}: not refused: {text}");
                        continue;
                    }

                    // The same refusal for a resource that does not exist: existence never shows.
                    var forNothing = await browser.GraphQL(operation.Document, operation.Variables(fake));
                    var other = forNothing["errors"]?[0];
                    if ((string?)other?["extensions"]?["code"] != (string?)error["extensions"]?["code"] || (string?)other?["message"] != (string?)error["message"])
                    {
                        failures.Add($"{operation.Name} by {role}: {Describe(error)} for A, {Describe(other)} for nothing");
                    }
                }
            }
        }

        foreach (var browser in browsers.Values)
        {
            browser.Dispose();
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static string Describe(JsonNode? error) => $"{error?["extensions"]?["code"]} \"{error?["message"]}\"";
}
