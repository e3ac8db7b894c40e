using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Projections.Dossiers;
using EMage.Projections.Mail;
using EMage.Projections.Store;
using EMage.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Mail;

/// <summary>Activation and reset links, the sign-in code, and the patient's notifications, through GraphQL and SMTP.</summary>
public class AccountMailTests(EmageApp app) : IClassFixture<EmageApp>
{
    private const string SetPassword = "mutation($t: String!, $p: String!) { setPasswordWithLink(token: $t, password: $p) { email } }";
    private static readonly CommandContext System = CommandContext.For(Actor.System("test"));

    /// <summary>A new patient published with an e-mail: answers the address (the activation e-mail is on its way).</summary>
    private async Task<(Guid Patient, string Email)> NewPatientWithEmail()
    {
        var w = await app.World();
        var email = $"nouveau-{Guid.NewGuid():N}@example.fr";
        var (patient, _) = await app.Services.GetRequiredService<PublicationHandler>().Publish(w.Wissembourg, new EstablishmentPublication(
            $"IPP-{Guid.NewGuid():N}"[..20], new PatientIdentity("Petit", "Louis", new DateOnly(1970, 6, 1), Sex.Male, email, null),
            "Radiographie du poignet", "DX", app.Clock.GetUtcNow().AddHours(-2), "ACC-1", $"1.2.250.1.{Random.Shared.Next()}", []), System);
        return (patient, email);
    }

    private static string? Code(System.Text.Json.Nodes.JsonNode answer) => (string?)answer["errors"]?[0]?["extensions"]?["code"];

    [Fact]
    public async Task AnActivationLink_ExpiresAfterSevenDays_AndTheHolderCanAskForANewOne()
    {
        var (_, email) = await NewPatientWithEmail();
        var first = TestSmtpServer.TokenIn(await app.Mail.Take(email));
        using var browser = app.Browser();

        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal("LINK_EXPIRED", Code(await browser.GraphQL(SetPassword, new { t = first, p = Scenarios.Password })));
        Assert.True((bool)(await browser.GraphQL("mutation($t: String!) { requestNewLink(token: $t) }", new { t = first }))["data"]!["requestNewLink"]!);

        var second = await app.Mail.Take(email);
        Assert.Equal("Activez votre compte EMage", second.Subject);
        Assert.Equal(email, (string?)(await browser.GraphQL(SetPassword, new { t = TestSmtpServer.TokenIn(second), p = Scenarios.Password }))["data"]!["setPasswordWithLink"]!["email"]);
        Assert.Equal("LINK_USED", Code(await browser.GraphQL(SetPassword, new { t = first, p = Scenarios.Password })));
    }

    [Fact]
    public async Task AForgedLink_IsInvalid_AndChangesNothing()
    {
        var (_, email) = await NewPatientWithEmail();
        var real = TestSmtpServer.TokenIn(await app.Mail.Take(email));
        using var browser = app.Browser();
        await Settled();
        var events = await app.EventCount();
        foreach (var forged in new[] { real[..^2] + "xx", Guid.NewGuid().ToString("N") + "." + real.Split('.')[1], "n'importe quoi" })
        {
            Assert.Equal("LINK_INVALID", Code(await browser.GraphQL(SetPassword, new { t = forged, p = Scenarios.Password })));
        }

        Assert.Equal(events, await app.EventCount());
        Assert.Equal("PASSWORD_POLICY", Code(await browser.GraphQL(SetPassword, new { t = real, p = "court" })));
        Assert.Equal(email, (string?)(await browser.GraphQL(SetPassword, new { t = real, p = Scenarios.Password }))["data"]!["setPasswordWithLink"]!["email"]);
    }

    [Fact]
    public async Task PasswordReset_AnswersTheSameForAnyAddress_AndItsLinkWorksOnce()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        const string Reset = "mutation($e: String!) { requestPasswordReset(email: $e) }";
        var unknown = $"personne-{Guid.NewGuid():N}@example.fr";
        Assert.Equal((await browser.GraphQL(Reset, new { e = unknown })).Json(), (await browser.GraphQL(Reset, new { e = email })).Json());

        var message = await app.Mail.Take(email);
        Assert.Equal("Réinitialisation de votre mot de passe EMage", message.Subject);
        Assert.StartsWith("https://localhost/mot-de-passe#", TestSmtpServer.LinkIn(message), StringComparison.Ordinal);
        await Assert.ThrowsAsync<TimeoutException>(() => app.Mail.WaitFor(unknown, timeout: TimeSpan.FromSeconds(1)));

        const string NewPassword = "un tout nouveau mot de passe";
        await browser.GraphQL(SetPassword, new { t = TestSmtpServer.TokenIn(message), p = NewPassword });
        Assert.Equal("LINK_USED", Code(await browser.GraphQL(SetPassword, new { t = TestSmtpServer.TokenIn(message), p = "encore un autre mot de passe" })));
        Assert.Equal("SignInInvalidCredentials", (string?)(await browser.SignInAs(email, Scenarios.Password))["__typename"]);
        using var signedIn = await app.Browser(email, NewPassword);
        Assert.NotNull(await signedIn.Me());
    }

    [Fact]
    public async Task WrongCodes_CountTowardTheBlock_AndACodeServesOnce()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        Assert.Equal("SignInInvalidCredentials", (string?)(await browser.SignInAs(email, "wrong"))["__typename"]);
        var challenge = (string)(await browser.SignInAs(email, Scenarios.Password))["challenge"]!;
        var code = TestSmtpServer.CodeIn(await app.Mail.Take(email));
        var wrong = code == "000000" ? "000001" : "000000";

        var first = (await browser.GraphQL(GraphQLClient.VerifyCode, new { challenge, code = wrong }))["data"]!["verifySignInCode"]!;
        Assert.Equal(("SignInInvalidCode", 4), ((string?)first["__typename"], (int)first["triesLeft"]!));
        var second = (await browser.GraphQL(GraphQLClient.VerifyCode, new { challenge, code = wrong }))["data"]!["verifySignInCode"]!;
        Assert.Equal("SignInBlocked", (string?)second["__typename"]);
        // Even the right code waits for the end of the block.
        Assert.Equal("SignInBlocked", (string?)(await browser.GraphQL(GraphQLClient.VerifyCode, new { challenge, code }))["data"]!["verifySignInCode"]!["__typename"]);
        Assert.Null(await browser.Me());

        app.Clock.Advance(AccountRules.LockoutDuration);
        Assert.Equal("SignInSucceeded", (string?)(await browser.GraphQL(GraphQLClient.VerifyCode, new { challenge, code }))["data"]!["verifySignInCode"]!["__typename"]);
        Assert.NotNull(await browser.Me());
        Assert.Equal("CODE_EXPIRED", Code(await app.Browser().GraphQL(GraphQLClient.VerifyCode, new { challenge, code })));
    }

    [Fact]
    public async Task ACode_ExpiresAfterTenMinutes_AndCannotBeGuessedByAliases()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        var challenge = (string)(await browser.SignInAs(email, Scenarios.Password))["challenge"]!;
        var code = TestSmtpServer.CodeIn(await app.Mail.Take(email));

        var aliased = await browser.GraphQL("""
            mutation($c: String!) { a: verifySignInCode(challenge: $c, code: "111111") { __typename } b: verifySignInCode(challenge: $c, code: "222222") { __typename } }
            """, new { c = challenge });
        Assert.Equal("ONE_SIGN_IN", Code(aliased));

        app.Clock.Advance(AccountRules.SignInCodeValidity);
        Assert.Equal("CODE_EXPIRED", Code(await browser.GraphQL(GraphQLClient.VerifyCode, new { challenge, code })));
        Assert.Null(await browser.Me());
    }

    [Fact]
    public async Task ThePatientIsTold_OfNewDocuments_BreakGlassAlways_AndOpeningsAsChosen()
    {
        var w = await app.World();
        var email = (await LoadAccount(w.PatientAccount)).Email;
        var dossiers = app.Services.GetRequiredService<DossierHandler>();

        await dossiers.AttachReport(w.Patient, w.ExamCt, Guid.NewGuid(), System);
        Assert.Equal("Un nouveau document est disponible sur EMage", (await app.Mail.Take(email)).Subject);

        // Images in several requests, a replaced report: the patient, not yet back, is told once of each...
        await dossiers.ReceiveImages(w.Patient, w.ExamCt, 1, 5, System);
        Assert.Equal("Un nouveau document est disponible sur EMage", (await app.Mail.Take(email)).Subject);
        await dossiers.ReceiveImages(w.Patient, w.ExamCt, 0, 5, System);
        await dossiers.AttachReport(w.Patient, w.ExamCt, Guid.NewGuid(), System);
        await Assert.ThrowsAsync<TimeoutException>(() => app.Mail.Take(email, timeout: TimeSpan.FromSeconds(1)));
        // ...until they have seen what was announced.
        await dossiers.MarkSeen(w.PatientAccount, w.ExamCt, DocumentKind.Report, System);
        await dossiers.MarkSeen(w.PatientAccount, w.ExamCt, DocumentKind.Images, System);
        await dossiers.ReceiveImages(w.Patient, w.ExamCt, 1, 3, System);
        Assert.Equal("Un nouveau document est disponible sur EMage", (await app.Mail.Take(email)).Subject);

        // Default: the first opening of each professional.
        await dossiers.Open(w.Patient, w.Radiologist, w.ExamCt, System);
        Assert.Equal("Un professionnel a consulté votre dossier EMage", (await app.Mail.Take(email)).Subject);
        await dossiers.Open(w.Patient, w.Radiologist, w.ExamCt, System);
        await Assert.ThrowsAsync<TimeoutException>(() => app.Mail.Take(email, timeout: TimeSpan.FromSeconds(1)));

        using var patient = await app.PatientBrowser(w);
        var chosen = await patient.GraphQL("mutation { setOpeningNotice(openings: EVERY_OPENING) { openingNotice } }");
        Assert.Equal("EVERY_OPENING", (string?)chosen["data"]!["setOpeningNotice"]!["openingNotice"]);
        await dossiers.Open(w.Patient, w.Radiologist, w.ExamCt, System);
        Assert.Equal("Un professionnel a consulté votre dossier EMage", (await app.Mail.Take(email)).Subject);

        await patient.GraphQL("mutation { setOpeningNotice(openings: OFF) { openingNotice } }");
        await dossiers.Open(w.Patient, w.Radiologist, w.ExamCt, System);
        await dossiers.RequestBreakGlass(w.Patient, w.Stranger, "Patient inconscient aux urgences, imagerie antérieure nécessaire", System);
        await dossiers.Open(w.Patient, w.Stranger, null, System);
        var breakGlass = await app.Mail.Take(email);
        Assert.Equal("Accès d'urgence à votre dossier EMage", breakGlass.Subject);
        await Assert.ThrowsAsync<TimeoutException>(() => app.Mail.Take(email, timeout: TimeSpan.FromSeconds(1)));
    }

    /// <summary>Waits until every queued e-mail is delivered (and its EmailSent event written).</summary>
    private async Task Settled()
    {
        for (var i = 0; i < 100; i++)
        {
            await using var query = app.Store.QuerySession();
            if (!await query.Query<OutboxMessage>().AnyAsync(m => m.Status == OutboxStatus.Pending)) return;
            await Task.Delay(100);
        }
    }

    private async Task<EMage.Projections.Accounts.AccountStatus> LoadAccount(Guid id)
    {
        await using var query = app.Store.QuerySession();
        return (await query.LoadAsync<EMage.Projections.Accounts.AccountStatus>(id))!;
    }
}
