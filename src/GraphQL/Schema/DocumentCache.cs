using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;

namespace EMage.GraphQL.Schema;

/// <summary>
/// Keeps the parsed form of documents that passed validation, keyed by their text, so that the same
/// query (a screen's, a client's) is neither parsed nor validated again: GraphQL.NET runs only
/// <c>CachedDocumentValidationRules</c> on a cached document: only the complexity limit, which depends on
/// the variables (<c>first: $n</c>); every other rule of ours looks at the document alone.
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
            // Without this GraphQL.NET would validate the cached document again with every rule.
            options.ValidationRules = options.CachedDocumentValidationRules ?? [];
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
