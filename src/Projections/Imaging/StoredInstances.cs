using System.Collections.Concurrent;
using Marten;

namespace EMage.Projections.Imaging;

/// <summary>
/// Stored instances by SOP instance UID, kept in memory once read: an instance never changes after
/// it is stored, so WADO-RS reads it from the database once per node, not once per image request.
/// </summary>
public sealed class StoredInstances(IDocumentStore store)
{
    public const int MaxEntries = 200_000;
    private readonly ConcurrentDictionary<string, StoredInstance> _known = new(StringComparer.Ordinal);

    public async Task<StoredInstance?> Find(string sopInstanceUid, CancellationToken ct)
    {
        if (_known.TryGetValue(sopInstanceUid, out var known))
        {
            return known;
        }

        await using var session = store.QuerySession();
        var stored = await session.LoadAsync<StoredInstance>(sopInstanceUid, ct);
        if (stored is not null)
        {
            if (_known.Count >= MaxEntries)
            {
                _known.Clear();
            }

            _known.TryAdd(sopInstanceUid, stored);
        }

        return stored;
    }
}
