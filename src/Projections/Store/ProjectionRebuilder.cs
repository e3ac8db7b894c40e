using Marten;

namespace EMage.Projections.Store;

/// <summary>Rebuilds every read model from the events alone (`./emage rebuild-projections`).</summary>
public static class ProjectionRebuilder
{
    public static async Task RebuildAll(IDocumentStore store, Action<string>? log = null, CancellationToken ct = default)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in EmageStore.Projections)
        {
            log?.Invoke($"rebuilding {projection.Name}");
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(10), ct);
        }
    }
}
