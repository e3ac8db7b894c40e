namespace EMage.GraphQL.Loading;

/// <summary>
/// Our small batch loader (GraphQL.DataLoader is not to be had here): within one request, the keys
/// asked for by the items of a list are gathered until the next turn of the scheduler and loaded in
/// one query, so a list of N exams costs one read, not N.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<ILookup<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Task<IReadOnlyList<TValue>>> _loaded = [];
    private Dictionary<TKey, TaskCompletionSource<IReadOnlyList<TValue>>>? _pending;

    public int Batches { get; private set; }

    public Task<IReadOnlyList<TValue>> Load(TKey key, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_loaded.TryGetValue(key, out var known))
            {
                return known;
            }

            var schedule = _pending is null;
            _pending ??= [];
            var waiter = new TaskCompletionSource<IReadOnlyList<TValue>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[key] = waiter;
            _loaded[key] = waiter.Task;
            if (schedule)
            {
                _ = Task.Run(async () =>
                {
                    await Task.Yield(); // let the other items of the list ask first
                    await Dispatch(ct);
                }, ct);
            }

            return waiter.Task;
        }
    }

    private async Task Dispatch(CancellationToken ct)
    {
        Dictionary<TKey, TaskCompletionSource<IReadOnlyList<TValue>>> batch;
        lock (_gate)
        {
            batch = _pending!;
            _pending = null;
            Batches++;
        }

        try
        {
            var found = await fetch(batch.Keys, ct);
            foreach (var (key, waiter) in batch)
            {
                waiter.SetResult(found[key].ToList());
            }
        }
        catch (Exception e)
        {
            foreach (var waiter in batch.Values)
            {
                waiter.TrySetException(e);
            }
        }
    }
}
