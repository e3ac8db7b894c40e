namespace EMage.Web.Tests.Accounts;

public class SessionAcrossNodesTests(EmageApp app) : IClassFixture<EmageApp>
{
    [Fact]
    public async Task ASessionStartedOnOneNode_IsValidOnAnother_AndEndsOnBoth()
    {
        var (id, email) = await app.PatientWithAccount();
        await using var second = app.SecondNode();
        using var onFirst = app.Browser();
        using var signIn = await onFirst.SignInResponse(app, email);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var onSecond = second.Browser();
        onSecond.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(id.ToString(), (string?)(await onSecond.Me())!["id"]);

        await onFirst.GraphQL("mutation { signOut }");
        Assert.Null(await onSecond.Me());
    }
}
