using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using EMage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Subscriptions;

public class SubscriptionTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    private async Task<(SeedWorld World, string Cookie)> PatientOnKestrel()
    {
        var w = await app.World();
        await using var session = app.Store.QuerySession();
        var email = (await session.LoadAsync<EMage.Projections.Accounts.AccountStatus>(w.PatientAccount))!.Email;
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        using var response = await http.SignInResponse(app, email);
        var cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        return (w, cookie);
    }

    /// <summary>
    /// The real graphql-ws client subscribes on this node; the opening is written by another node on
    /// the same database; the event reaches the subscriber through the store.
    /// </summary>
    [Fact]
    public async Task AnOpeningWrittenOnAnotherNode_ReachesTheGraphQLWsClient()
    {
        var (w, cookie) = await PatientOnKestrel();
        await using var otherNode = app.SecondNode();
        var wsUrl = app.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql";

        var info = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(PostgresCluster.RepositoryRoot(), "tests", "e2e"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "subscribe.mjs", wsUrl, cookie, "subscription { myDossierOpenings { actorName basis examLabel } }", "1" })
        {
            info.ArgumentList.Add(a);
        }

        using var node = Process.Start(info)!;
        Assert.Equal("connected", await node.StandardOutput.ReadLineAsync());
        await Task.Delay(500); // the subscription is attached right after the ack

        await otherNode.Services.GetRequiredService<DossierHandler>().Open(w.Patient, w.Radiologist, w.ExamCt, CommandContext.For(Actor.Account(w.Radiologist)));

        var line = await node.StandardOutput.ReadLineAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, await node.StandardError.ReadToEndAsync());
        var opening = JsonNode.Parse(line!)!["data"]!["myDossierOpenings"]!;
        Assert.Equal(("radiologue Admin", "RADIOLOGIST", "Scanner thoracique"),
            ((string?)opening["actorName"], (string?)opening["basis"], (string?)opening["examLabel"]));
    }

    [Fact]
    public async Task TheProtocol_AcksPingsAndClosesWithItsCodes()
    {
        using (var socket = await Connect())
        {
            await Send(socket, """{"type":"connection_init"}""");
            Assert.Equal("connection_ack", (string?)(await Receive(socket))!["type"]);
            await Send(socket, """{"type":"ping"}""");
            Assert.Equal("pong", (string?)(await Receive(socket))!["type"]);
            await Send(socket, """{"id":"1","type":"subscribe","payload":{"query":"{ __typename }"}}""");
            Assert.Equal("next", (string?)(await Receive(socket))!["type"]);
            Assert.Equal("complete", (string?)(await Receive(socket))!["type"]);
            await Send(socket, """{"type":"connection_init"}""");
            Assert.Equal((WebSocketCloseStatus)4429, await Closed(socket));
        }

        using (var early = await Connect())
        {
            await Send(early, """{"id":"1","type":"subscribe","payload":{"query":"{ __typename }"}}""");
            Assert.Equal((WebSocketCloseStatus)4401, await Closed(early));
        }

        using (var garbage = await Connect())
        {
            await Send(garbage, """{"type":"connection_init"}""");
            await Receive(garbage);
            await Send(garbage, "not json");
            Assert.Equal((WebSocketCloseStatus)4400, await Closed(garbage));
        }

        using (var silent = await Connect())
        {
            Assert.Equal((WebSocketCloseStatus)4408, await Closed(silent));
        }
    }

    [Fact]
    public async Task ASubscriptionNeedsTheRightAccount_AndAForeignOriginIsRefused()
    {
        using (var anonymous = await Connect())
        {
            await Send(anonymous, """{"type":"connection_init"}""");
            await Receive(anonymous);
            await Send(anonymous, """{"id":"a","type":"subscribe","payload":{"query":"subscription { myDossierOpenings { actorName } }"}}""");
            var error = await Receive(anonymous);
            Assert.Equal("error", (string?)error!["type"]);
            Assert.Equal("UNAUTHENTICATED", (string?)error["payload"]![0]!["extensions"]!["code"]);
        }

        using var foreign = new ClientWebSocket();
        foreign.Options.AddSubProtocol("graphql-transport-ws");
        foreign.Options.SetRequestHeader("Origin", "https://evil.example");
        await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(new Uri(app.Url.Replace("http", "ws", StringComparison.Ordinal) + "/graphql"), CancellationToken.None));
    }

    private async Task<ClientWebSocket> Connect()
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri(app.Url.Replace("http", "ws", StringComparison.Ordinal) + "/graphql"), CancellationToken.None);
        Assert.Equal("graphql-transport-ws", socket.SubProtocol);
        return socket;
    }

    private static Task Send(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonNode?> Receive(ClientWebSocket socket)
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return result.MessageType == WebSocketMessageType.Close ? null : JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count));
    }

    private static async Task<WebSocketCloseStatus?> Closed(ClientWebSocket socket)
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result.CloseStatus;
            }
        }
    }
}
