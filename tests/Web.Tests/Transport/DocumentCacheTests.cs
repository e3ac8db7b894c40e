using EMage.GraphQL.Loading;
using EMage.GraphQL.Schema;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Transport;

public class DocumentCacheTests(EmageApp app) : IClassFixture<EmageApp>
{
    [Fact]
    public async Task AValidDocument_IsCachedOnce_AndAnInvalidOneNever()
    {
        var cache = app.Services.GetServices<IConfigureExecution>().OfType<DocumentCache>().Single();
        using var client = app.Browser();
        var before = cache.Count;
        var query = "{ me { id } __typename }";
        await client.GraphQL(query);
        await client.GraphQL(query);
        Assert.Equal(before + 1, cache.Count);
        await client.GraphQL("{ nope }");
        Assert.Equal(before + 1, cache.Count);
    }

    [Fact]
    public async Task TheBatchLoader_LoadsTheKeysOfAListTogether()
    {
        var asked = new List<int[]>();
        var loader = new BatchLoader<int, string>((keys, _) =>
        {
            lock (asked) asked.Add(keys.ToArray());
            return Task.FromResult(keys.SelectMany(k => new[] { (k, $"{k}a"), (k, $"{k}b") }).ToLookup(x => x.k, x => x.Item2));
        });

        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(k => loader.Load(k, default)));

        Assert.Equal(["3a", "3b"], results[2]);
        Assert.Single(asked);
        Assert.Equal(10, asked[0].Length);
        Assert.Same(loader.Load(3, default), loader.Load(3, default));
    }
}
