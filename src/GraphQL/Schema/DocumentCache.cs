using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;

namespace EMage.GraphQL.Schema;

/// <summary>
/// Keeps the parsed form of documents that passed validation, keyed by their text, so that the same
/// query (a screen's, a client's) is neither parsed nor validated again: GraphQL.NET runs only
/// <c>CachedDocumentValidationRules</c> (none here; every rule of ours is static) on a cached document.
/// Bounded: short documents only, and a full cache starts afresh.
/// </summary>
public sealed class DocumentCache : IConfigureExecution
{
    public const int MaxEntries = 500;
    public const int MaxQueryLength = 8 * 1024;

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    public float SortOrder => 200;

    public int Count => _documents.Count;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var query = options.Query;
        if (options.Document is null && query is not null && _documents.TryGetValue(query, out var cached))
        {
            options.Document = cached;
            return await next(options);
        }

        var result = await next(options);
        if (result.Executed && query is { Length: <= MaxQueryLength } && result.Document is { } parsed)
        {
            if (_documents.Count >= MaxEntries)
            {
                _documents.Clear();
            }

            _documents.TryAdd(query, parsed);
        }

        return result;
    }
}
