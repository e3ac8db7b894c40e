using System.Net.Http.Json;
using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Accounts;
using EMage.Projections.Store;
using Marten;
using EMage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests;

/// <summary>Scenario helpers: the situations tests start from, built through the real handlers.</summary>
public static class Scenarios
{
    public const string Password = "une phrase de passe solide";

    public static async Task<(Guid Id, string Email)> PatientWithAccount(this EmageApp app)
    {
        var accounts = app.Services.GetRequiredService<AccountHandler>();
        var email = $"patient-{Guid.NewGuid():N}@example.fr";
        var context = CommandContext.For(Actor.System("test"));
        var id = await accounts.Provision(email, AccountRole.Patient, "Marie Durand", Guid.NewGuid(), context);
        await accounts.SetPassword(id, Password, context);
        return (id, email);
    }

    /// <summary>The seed's world in this app, with a password on the patient's account.</summary>
    public static async Task<SeedWorld> World(this EmageApp app)
    {
        var world = await SeedWorld.Build(app.Services, app.Clock);
        await app.Services.GetRequiredService<AccountHandler>().SetPassword(world.PatientAccount, Password, CommandContext.For(Actor.System("test")));
        return world;
    }

    /// <summary>A browser signed in to a new account of the given role (for a professional, linked to one).</summary>
    public static async Task<HttpClient> SignedIn(this EmageApp app, AccountRole role, Guid? professionalId = null, Guid? patientId = null)
    {
        var accounts = app.Services.GetRequiredService<AccountHandler>();
        var context = CommandContext.For(Actor.System("test"));
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.fr";
        var id = await accounts.Provision(email, role, $"{role} test", patientId, context, professionalId);
        await accounts.SetPassword(id, Password, context);
        if (role == AccountRole.Auditor)
        {
            await app.Services.GetRequiredService<EMage.Projections.Platform.PlatformHandler>().AppointAuditor(id, context);
        }

        return await app.Browser(email);
    }

    /// <summary>An establishment's API client, with its bearer credential.</summary>
    public static HttpClient Client(this EmageApp app, string bearerToken)
    {
        var client = app.Browser();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    public static async Task<HttpClient> Browser(this EmageApp app, string email, string password = Password)
    {
        var browser = app.Browser();
        var answer = await browser.SignInAs(email, password);
        if ((string?)answer["__typename"] == "SignInCodeRequired")
        {
            answer = await browser.VerifyWithMailedCode(app, email, (string)answer["challenge"]!);
        }

        Assert.Equal("SignInSucceeded", (string?)answer["__typename"]);
        return browser;
    }

    /// <summary>A patient's whole sign-in (password, then the e-mailed code); answers the HTTP response of the code step.</summary>
    public static async Task<HttpResponseMessage> SignInResponse(this HttpClient browser, EmageApp app, string email, string password = Password)
    {
        var first = (await browser.GraphQL(GraphQLClient.SignIn, new { email, password }))["data"]!["signIn"]!;
        Assert.Equal("SignInCodeRequired", (string?)first["__typename"]);
        var message = await app.Mail.Take(email, m => m.Subject?.Contains("code de connexion", StringComparison.Ordinal) == true);
        return await browser.PostAsync("/graphql", Requests.Json(GraphQLClient.VerifyCode,
            new { challenge = (string)first["challenge"]!, code = TestSmtpServer.CodeIn(message) }));
    }

    /// <summary>The second step of a patient's sign-in, with the code read from the e-mail the SMTP server received.</summary>
    public static async Task<System.Text.Json.Nodes.JsonNode> VerifyWithMailedCode(this HttpClient browser, EmageApp app, string email, string challenge)
    {
        var message = await app.Mail.Take(email, m => m.Subject?.Contains("code de connexion", StringComparison.Ordinal) == true);
        var code = TestSmtpServer.CodeIn(message);
        return (await browser.GraphQL(GraphQLClient.VerifyCode, new { challenge, code }))["data"]!["verifySignInCode"]!;
    }

    /// <summary>A share recipient's browser, in a share session of the exam (the link and the code read from the e-mails).</summary>
    public static async Task<HttpClient> RecipientOf(this EmageApp app, Guid patientAccount, Guid examId)
    {
        var recipient = $"proche-{Guid.NewGuid():N}@example.fr";
        await app.Services.GetRequiredService<EMage.Projections.Shares.ShareHandler>().Share(patientAccount, examId, recipient, null, 7,
            CommandContext.For(Actor.Account(patientAccount)));
        var browser = app.Browser();
        var link = TestSmtpServer.TokenIn(await app.Mail.Take(recipient));
        using var code = await browser.PostAsJsonAsync("/api/share/code", new { link });
        var challenge = (string)System.Text.Json.Nodes.JsonNode.Parse(await code.Content.ReadAsStringAsync())!["challenge"]!;
        using var session = await browser.PostAsJsonAsync("/api/share/session", new { challenge, code = TestSmtpServer.CodeIn(await app.Mail.Take(recipient)) });
        Assert.True(session.IsSuccessStatusCode, await session.Content.ReadAsStringAsync());
        return browser;
    }

    public static async Task<HttpClient> PatientBrowser(this EmageApp app, SeedWorld world)
    {
        await using var session = app.Store.QuerySession();
        var account = await session.LoadAsync<EMage.Projections.Accounts.AccountStatus>(world.PatientAccount);
        return await app.Browser(account!.Email);
    }
}
