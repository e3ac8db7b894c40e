using System.Net.Mime;
using System.Text.Json;
using EMage.GraphQL.Schema;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.GraphQL.Transport;

/// <summary>
/// GraphQL over HTTP, POST with application/json. Transport failures (wrong media type, body too
/// large, malformed JSON, no query) are 4xx problem details and execute nothing; GraphQL failures
/// are GraphQL errors, with 400 for documents that fail to parse or validate when the client accepts
/// application/graphql-response+json.
/// </summary>
public static class GraphQLHttpEndpoint
{
    public const string GraphQLResponseMediaType = "application/graphql-response+json";
    public const long MaxBodyBytes = 64 * 1024;

    public static IEndpointConventionBuilder MapEmageGraphQL(this IEndpointRouteBuilder endpoints, string path = "/graphql")
    {
        var group = endpoints.MapGroup(path);
        group.MapPost("", Post);
        group.MapMethods("", ["GET", "PUT", "DELETE", "PATCH"], (HttpContext http) =>
        {
            http.Response.Headers.Allow = "POST";
            return Results.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed",
                detail: "GraphQL requests are sent with POST.");
        });
        return group;
    }

    private static async Task<IResult> Post(HttpContext http, IDocumentExecuter<EmageSchema> executer, IGraphQLTextSerializer serializer)
    {
        if (!IsJson(http.Request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the GraphQL request as application/json.");
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

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            UserContext = new EmageUserContext(http),
            RequestServices = http.RequestServices,
            CancellationToken = http.RequestAborted,
        });

        var acceptsGraphQLResponse = http.Request.Headers.Accept.Any(a => a?.Contains(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase) == true);
        http.Response.ContentType = acceptsGraphQLResponse ? GraphQLResponseMediaType + "; charset=utf-8" : MediaTypeNames.Application.Json + "; charset=utf-8";
        http.Response.StatusCode = acceptsGraphQLResponse && !result.Executed ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
        return Results.Empty;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && contentType.Split(';')[0].Trim().Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase);

    private static IResult TooLarge() =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"A GraphQL request is at most {MaxBodyBytes / 1024} KiB.");

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
