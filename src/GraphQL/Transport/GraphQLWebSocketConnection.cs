using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using EMage.GraphQL.Schema;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;

namespace EMage.GraphQL.Transport;

/// <summary>
/// One socket speaking graphql-transport-ws (the protocol of the npm package graphql-ws): init within
/// a timeout, ack, ping/pong, subscribe/next/error/complete and the protocol's close codes. Every
/// outgoing message goes through one channel and one writer, so messages never interleave.
/// </summary>
public sealed class GraphQLWebSocketConnection(
    WebSocket socket, HttpContext http, IDocumentExecuter<EmageSchema> executer, IGraphQLTextSerializer serializer, TimeSpan initTimeout)
{
    public const string Protocol = "graphql-transport-ws";
    private const int MaxMessageBytes = 64 * 1024;

    private readonly Channel<string> _outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, IDisposable> _operations = new();
    private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    private int _initialised;
    private volatile bool _acknowledged;

    public async Task Run()
    {
        var writer = Task.Run(WriteLoop);
        _ = CloseIfNotInitialised();
        try
        {
            await ReadLoop();
        }
        finally
        {
            foreach (var operation in _operations.Values)
            {
                operation.Dispose();
            }

            _outbox.Writer.TryComplete();
            await _closing.CancelAsync();
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task CloseIfNotInitialised()
    {
        try
        {
            await Task.Delay(initTimeout, _closing.Token);
            if (!_acknowledged)
            {
                await Close(4408, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[8192];
        while (socket.State == WebSocketState.Open && !_closing.IsCancellationRequested)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, _closing.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (message.Length > MaxMessageBytes)
                {
                    await Close(4400, "Message too large");
                    return;
                }
            }
            while (!received.EndOfMessage);

            if (received.MessageType != WebSocketMessageType.Text || !await Handle(message.ToArray()))
            {
                return;
            }
        }
    }

    /// <summary>Handles one message; false when the socket was closed because of it.</summary>
    private async Task<bool> Handle(byte[] bytes)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            message = null;
        }

        var type = message?["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        switch (type)
        {
            case "connection_init":
                if (Interlocked.Exchange(ref _initialised, 1) == 1)
                {
                    await Close(4429, "Too many initialisation requests");
                    return false;
                }

                _acknowledged = true;
                Send("""{"type":"connection_ack"}""");
                return true;
            case "ping":
                Send("""{"type":"pong"}""");
                return true;
            case "pong":
                return true;
            case "subscribe":
                return await Subscribe(message!);
            case "complete":
                if (Id(message!) is { } done && _operations.TryRemove(done, out var operation))
                {
                    operation.Dispose();
                }

                return true;
            default:
                await Close(4400, "Invalid message received");
                return false;
        }
    }

    private async Task<bool> Subscribe(JsonObject message)
    {
        if (!_acknowledged)
        {
            await Close(4401, "Unauthorized");
            return false;
        }

        if (Id(message) is not { } id || message["payload"] is not JsonObject payload || payload["query"] is not JsonValue query
            || !query.TryGetValue<string>(out var document))
        {
            await Close(4400, "Invalid message received");
            return false;
        }

        var placeholder = new Placeholder();
        if (!_operations.TryAdd(id, placeholder))
        {
            await Close(4409, $"Subscriber for {id} already exists");
            return false;
        }

        GraphQLRequest request;
        try
        {
            request = new GraphQLRequest
            {
                Query = document,
                OperationName = payload["operationName"]?.GetValue<string>(),
                Variables = payload["variables"] is JsonObject v ? serializer.Deserialize<Inputs>(v.ToJsonString()) : null,
                Extensions = payload["extensions"] is JsonObject x ? serializer.Deserialize<Inputs>(x.ToJsonString()) : null,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            await Close(4400, "Invalid message received");
            return false;
        }

        _ = Execute(id, request, placeholder);
        return true;
    }

    private async Task Execute(string id, GraphQLRequest request, Placeholder placeholder)
    {
        ExecutionResult result;
        try
        {
            result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = request.Query,
                OperationName = request.OperationName,
                Variables = request.Variables,
                Extensions = request.Extensions,
                UserContext = new EmageUserContext(http),
                RequestServices = http.RequestServices,
                CancellationToken = _closing.Token,
            });
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (result.Streams is { Count: > 0 } streams)
        {
            var subscription = streams.Values.First().Subscribe(new Forward(this, id));
            if (!_operations.TryUpdate(id, subscription, placeholder))
            {
                subscription.Dispose(); // completed by the client meanwhile
            }

            return;
        }

        _operations.TryRemove(id, out _);
        if (!result.Executed || result.Data is null && result.Errors is { Count: > 0 })
        {
            Send($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"error","payload":{{Errors(result)}}}""");
            return;
        }

        Next(id, result);
        Complete(id);
    }

    private string Errors(ExecutionResult result) => JsonNode.Parse(serializer.Serialize(result))?["errors"]?.ToJsonString() ?? "[]";

    private void Next(string id, ExecutionResult result) =>
        Send($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"next","payload":{{serializer.Serialize(result)}}}""");

    private void Complete(string id) => Send($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"complete"}""");

    private static string? Id(JsonObject message) =>
        message["id"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length is > 0 and <= 128 ? id : null;

    private void Send(string message) => _outbox.Writer.TryWrite(message);

    private async Task WriteLoop()
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(_closing.Token))
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, _closing.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    private async Task Close(int code, string reason)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            await _closing.CancelAsync();
        }
    }

    private sealed class Placeholder : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class Forward(GraphQLWebSocketConnection connection, string id) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => connection.Next(id, value);

        public void OnError(Exception error) =>
            connection.Send($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"error","payload":[{"message":"The subscription failed."}]}""");

        public void OnCompleted()
        {
            connection._operations.TryRemove(id, out _);
            connection.Complete(id);
        }
    }
}
