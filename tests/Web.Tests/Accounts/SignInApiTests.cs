using System.Net;
using System.Text.Json.Nodes;
using EMage.Domain.Accounts;
using EMage.Projections.Accounts;
using Marten;

namespace EMage.Web.Tests.Accounts;

public class SignInApiTests(EmageApp app) : IClassFixture<EmageApp>
{
    [Fact]
    public async Task SigningIn_SetsAStrictHttpOnlySessionCookie_AndMeAnswers()
    {
        var (id, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        Assert.Null(await browser.Me());

        // The password alone opens no session: a code was e-mailed.
        string challenge;
        using (var first = await browser.PostAsync("/graphql", Requests.Json(GraphQLClient.SignIn, new { email, password = Scenarios.Password })))
        {
            Assert.False(first.Headers.Contains("Set-Cookie"));
            var answer = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["data"]!["signIn"]!;
            Assert.Equal("SignInCodeRequired", (string?)answer["__typename"]);
            challenge = (string)answer["challenge"]!;
        }

        Assert.Null(await browser.Me());
        var message = await app.Mail.Take(email);
        Assert.Equal("emage.local", message.MessageId!.Split('@')[1]);
        Assert.Equal("Votre code de connexion EMage : " + EMage.Testing.TestSmtpServer.CodeIn(message), message.Subject);

        using var response = await browser.PostAsync("/graphql", Requests.Json(GraphQLClient.VerifyCode,
            new { challenge, code = EMage.Testing.TestSmtpServer.CodeIn(message) }));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("emage.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);

        var me = await browser.Me();
        Assert.Equal(id.ToString(), (string?)me!["id"]);
        Assert.Equal("PATIENT", (string?)me["role"]);
    }

    [Fact]
    public async Task SigningOut_EndsTheSessionOnTheServer_EvenForACopiedCookie()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        using var signIn = await browser.SignInResponse(app, email);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        var signedOut = await browser.GraphQL("mutation { signOut }");
        Assert.True((bool)signedOut["data"]!["signOut"]!);
        Assert.Null(await browser.Me());

        using var thief = app.Browser();
        thief.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Null(await thief.Me());
    }

    [Fact]
    public async Task EverySignIn_GetsANewSessionId_AndTheOldOneStopsWorking()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        using var first = await browser.SignInResponse(app, email);
        using var second = await browser.SignInResponse(app, email);
        var a = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("emage.session=", StringComparison.Ordinal)).Split(';')[0];
        var b = second.Headers.GetValues("Set-Cookie").Last(c => c.StartsWith("emage.session=", StringComparison.Ordinal)).Split(';')[0];
        Assert.NotEqual(a, b);

        using var old = app.Browser();
        old.DefaultRequestHeaders.Add("Cookie", a);
        Assert.Null(await old.Me());
        Assert.NotNull(await browser.Me());
    }

    [Fact]
    public async Task ASession_EndsAfterFifteenIdleMinutes()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = await app.Browser(email);

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.NotNull(await browser.Me()); // activity slides the window
        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.NotNull(await browser.Me());
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Null(await browser.Me());
    }

    [Fact]
    public async Task ASession_EndsEightHoursAfterSignIn_EvenWhenActive()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = await app.Browser(email);

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(8) - TimeSpan.FromMinutes(10); elapsed += TimeSpan.FromMinutes(10))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.NotNull(await browser.Me());
        }

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await browser.Me());
    }

    [Fact]
    public async Task ThreeWrongPasswords_BlockForFiveMinutes_VisibleInTheAnswerAndAsEvents()
    {
        var (id, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        var start = app.Clock.GetUtcNow();

        Assert.Equal("SignInInvalidCredentials", (string?)(await browser.SignInAs(email, "wrong"))["__typename"]);
        Assert.Equal("SignInInvalidCredentials", (string?)(await browser.SignInAs(email, "wrong"))["__typename"]);
        var third = await browser.SignInAs(email, "wrong");
        Assert.Equal("SignInBlocked", (string?)third["__typename"]);
        Assert.Equal(start.AddMinutes(5), DateTimeOffset.Parse((string)third["blockedUntil"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("bloqué", (string?)third["message"], StringComparison.Ordinal);

        var rightButBlocked = await browser.SignInAs(email, Scenarios.Password);
        Assert.Equal("SignInBlocked", (string?)rightButBlocked["__typename"]);
        Assert.Null(await browser.Me());

        await using (var session = app.Store.QuerySession())
        {
            var events = (await session.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName).ToList();
            Assert.Equal(["login_failed", "login_failed", "login_failed", "account_locked_out", "login_refused_while_locked"], events[2..]);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        using var signedIn = await browser.SignInResponse(app, email);
        Assert.NotNull(await browser.Me());
    }

    [Fact]
    public async Task TwentyWrongAttemptsAtOnce_LetAtMostThreeReachThePasswordCheck()
    {
        var (id, email) = await app.PatientWithAccount();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var browser = app.Browser();
            return (string?)(await browser.SignInAs(email, $"wrong {i}"))["__typename"];
        }));

        await using var session = app.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
        Assert.Equal(3, events.OfType<LoginFailed>().Count());
        Assert.Equal(17, events.OfType<LoginRefusedWhileLocked>().Count());
        Assert.Equal(2, answers.Count(a => a == "SignInInvalidCredentials"));
        Assert.Equal(18, answers.Count(a => a == "SignInBlocked"));
    }

    [Fact]
    public async Task AnUnknownEmail_GetsExactlyTheAnswersOfAWrongPassword()
    {
        var (_, known) = await app.PatientWithAccount();
        var unknown = $"personne-{Guid.NewGuid():N}@example.fr";
        using var browser = app.Browser();

        for (var i = 0; i < 4; i++)
        {
            var a = await browser.SignInAs(known, "wrong");
            var b = await browser.SignInAs(unknown, "wrong");
            Assert.Equal(a.Json(), b.Json());
        }
    }

    [Fact]
    public async Task English_IsAvailable()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var answer = await browser.SignInAs(email, "wrong");
        Assert.Equal("Incorrect e-mail address or password.", (string?)answer["message"]);
    }

    [Fact]
    public async Task ADeactivatedAccount_CannotSignIn()
    {
        var (id, email) = await app.PatientWithAccount();
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<AccountHandler>(app.Services)
            .Deactivate(id, EMage.Projections.Store.CommandContext.For(EMage.Domain.Common.Actor.Account(id)));
        using var browser = app.Browser();
        Assert.Equal("SignInAccountDeactivated", (string?)(await browser.SignInAs(email, Scenarios.Password))["__typename"]);
        Assert.Null(await browser.Me());
    }

    [Fact]
    public async Task NoDemoData_OutsideDevelopment()
    {
        await using var session = app.Store.QuerySession();
        Assert.False(await session.Query<AccountStatus>().AnyAsync(a => a.Email.EndsWith("@demo.e-mage.fr")));
    }
}

public class RateLimitApp : EmageApp
{
    protected override int SignInPermitLimit => 5;
}

public class SignInRateLimitTests(RateLimitApp app) : IClassFixture<RateLimitApp>
{
    [Fact]
    public async Task TooManyAttemptsFromOneAddress_AreRefusedBeforeAnyPasswordCheckOrWrite()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("/graphql", Requests.Json(GraphQLClient.SignIn, new { email, password = Scenarios.Password }))).StatusCode);
        }

        var before = await app.EventCount();
        var refused = await browser.GraphQL(GraphQLClient.SignIn, new { email, password = Scenarios.Password });
        Assert.Equal("RATE_LIMITED", (string?)refused["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal(before, await app.EventCount());
    }
}
