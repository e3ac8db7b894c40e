using System.Net.Mime;
using System.Text.Json;
using EMage.GraphQL.Schema;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace EMage.GraphQL.Transport;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP specification, checked by the graphql-http audits).
/// POST takes application/json; GET takes queries only (405 for a mutation) and, when the request
/// carries a session, only with a GraphQL-Require-Preflight header, so that a cross-site page can
/// neither post a form nor embed a link that acts with the user's cookie. Transport failures are
/// 4xx problem details and execute nothing; GraphQL failures are GraphQL errors, with 400 for
/// documents that fail to parse or validate when the client accepts application/graphql-response+json.
/// </summary>
public sealed class GraphQLWebSocketOptions
{
    /// <summary>How long a client has to send connection_init.</summary>
    public TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Origins besides the site's own that may open a socket (e.g. a separate front-end host).</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

public static class GraphQLHttpEndpoint
{
    public const string GraphQLResponseMediaType = "application/graphql-response+json";
    public const string PreflightHeader = "GraphQL-Require-Preflight";
    public const long MaxBodyBytes = 64 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static IEndpointConventionBuilder MapEmageGraphQL(this IEndpointRouteBuilder endpoints, string path = "/graphql")
    {
        var group = endpoints.MapGroup(path);
        group.MapPost("", Post);
        group.MapGet("", Get);
        group.MapMethods("", ["PUT", "DELETE", "PATCH"], (HttpContext http) =>
            MethodNotAllowed(http, "GET, POST", "GraphQL requests are sent with POST, or GET for queries."));
        return group;
    }

    private static async Task<IResult> Post(HttpContext http, IDocumentExecuter<EmageSchema> executer, IGraphQLTextSerializer serializer)
    {
        if (!IsJson(http.Request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the GraphQL request as application/json.");
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed request", "The body is not a valid GraphQL request in JSON.");
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing query", "The request has no \"query\" string.");
        }

        return await Execute(http, executer, serializer, request);
    }

    private static async Task<IResult> Get(HttpContext http, IDocumentExecuter<EmageSchema> executer, IGraphQLTextSerializer serializer)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            return await WebSocket(http, executer, serializer);
        }

        if (http.User.HasClaim(c => c.Type == EmageUserContext.AccountIdClaim) && !http.Request.Headers.ContainsKey(PreflightHeader))
        {
            return Problem(StatusCodes.Status400BadRequest, "Preflight required",
                $"A GET with a session needs the {PreflightHeader} header; or use POST with application/json.");
        }

        var query = http.Request.Query;
        if (query["query"].ToString() is not { Length: > 0 } document)
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing query", "The request has no \"query\" parameter.");
        }

        var request = new GraphQLRequest { Query = document, OperationName = NullIfEmpty(query["operationName"]) };
        try
        {
            if (NullIfEmpty(query["variables"]) is { } variables)
            {
                request.Variables = serializer.Deserialize<Inputs>(variables);
            }

            if (NullIfEmpty(query["extensions"]) is { } extensions)
            {
                request.Extensions = serializer.Deserialize<Inputs>(extensions);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed parameters", "\"variables\" and \"extensions\" are JSON objects.");
        }

        return IsQuery(document, request.OperationName)
            ? await Execute(http, executer, serializer, request)
            : MethodNotAllowed(http, "POST", "Mutations and subscriptions are sent with POST.");
    }

    private static async Task<IResult> Execute(HttpContext http, IDocumentExecuter<EmageSchema> executer, IGraphQLTextSerializer serializer, GraphQLRequest request)
    {
        if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && http.User.Identity?.IsAuthenticated != true)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(StatusCodes.Status401Unauthorized, "Invalid credential", "The bearer credential is unknown or revoked.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(Timeout);
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            UserContext = new EmageUserContext(http),
            RequestServices = http.RequestServices,
            CancellationToken = timeout.Token,
        });

        var acceptsGraphQLResponse = http.Request.Headers.Accept.Any(a => a?.Contains(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase) == true);
        http.Response.ContentType = (acceptsGraphQLResponse ? GraphQLResponseMediaType : MediaTypeNames.Application.Json) + "; charset=utf-8";
        http.Response.StatusCode = acceptsGraphQLResponse && !result.Executed ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>
    /// The WebSocket handshake: a browser's Origin must be this site's (or configured), since the
    /// socket is authenticated by the session cookie; the subprotocol must be graphql-transport-ws.
    /// </summary>
    private static async Task<IResult> WebSocket(HttpContext http, IDocumentExecuter<EmageSchema> executer, IGraphQLTextSerializer serializer)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !AllowedOrigin(http, origin))
        {
            return Problem(StatusCodes.Status403Forbidden, "Origin not allowed", "WebSocket connections are accepted from this site only.");
        }

        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLWebSocketConnection.Protocol))
        {
            using var refused = await http.WebSockets.AcceptWebSocketAsync();
            await refused.CloseAsync((System.Net.WebSockets.WebSocketCloseStatus)4406, "Subprotocol not acceptable", CancellationToken.None);
            return Results.Empty;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(GraphQLWebSocketConnection.Protocol);
        var initTimeout = http.RequestServices.GetService(typeof(Microsoft.Extensions.Options.IOptions<GraphQLWebSocketOptions>)) is Microsoft.Extensions.Options.IOptions<GraphQLWebSocketOptions> o
            ? o.Value.InitTimeout
            : TimeSpan.FromSeconds(3);
        await new GraphQLWebSocketConnection(socket, http, executer, serializer, initTimeout).Run();
        return Results.Empty;
    }

    private static bool AllowedOrigin(HttpContext http, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var options = http.RequestServices.GetService(typeof(Microsoft.Extensions.Options.IOptions<GraphQLWebSocketOptions>)) as Microsoft.Extensions.Options.IOptions<GraphQLWebSocketOptions>;
        return string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
               || options?.Value.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase) == true;
    }

    /// <summary>
    /// Whether the operation to run is a query. A document that does not parse counts as one: the
    /// executer then reports the syntax error as GraphQL errors do.
    /// </summary>
    private static bool IsQuery(string document, string? operationName)
    {
        try
        {
            var operations = GraphQLParser.Parser.Parse(document).Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var chosen = operationName is null ? operations.FirstOrDefault() : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
            return chosen is null || chosen.Operation == OperationType.Query;
        }
        catch (GraphQLSyntaxErrorException)
        {
            return true;
        }
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } s ? s : null;

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && contentType.Split(';')[0].Trim().Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase);

    private static IResult MethodNotAllowed(HttpContext http, string allow, string detail)
    {
        http.Response.Headers.Allow = allow;
        return Problem(StatusCodes.Status405MethodNotAllowed, "Method not allowed", detail);
    }

    private static IResult TooLarge() =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"A GraphQL request is at most {MaxBodyBytes / 1024} KiB.");

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
