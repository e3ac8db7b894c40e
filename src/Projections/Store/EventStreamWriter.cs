using EMage.Domain.Common;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace EMage.Projections.Store;

/// <summary>
/// The thin write adapter: load a stream, fold it, decide, append with the expected version.
/// A concurrent writer makes the append fail and the whole command is tried again from a fresh read.
/// A command that creates a stream under a new id can say so (<c>expectNew</c>): its first try skips
/// the read and starts the stream, which the database refuses if the stream exists after all; the
/// retry then reads and decides as usual.
/// </summary>
public sealed class EventStreamWriter(IDocumentStore store, IEnumerable<IAppendReaction> reactions, IEnumerable<IStateSnapshotter> snapshotters)
{
    private readonly IAppendReaction[] _reactions = [.. reactions];
    private readonly Dictionary<Type, IStateSnapshotter> _snapshotters = snapshotters.ToDictionary(s => s.StateType);

    private const int MaxAttempts = 10;

    public async Task<IReadOnlyList<object>> Execute<TState>(
        Guid streamId,
        TState initial,
        Func<TState, object, TState> evolve,
        Func<TState, IReadOnlyList<object>> decide,
        CommandContext context,
        Action<IDocumentSession, TState, IReadOnlyList<object>>? alongside = null,
        bool expectNew = false,
        bool exclusive = false,
        CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            EmageStore.Stamp(session, context);
            try
            {
                if (exclusive)
                {
                    // A hot stream (many writers at once): queue for it rather than race and retry.
                    await session.BeginTransactionAsync(ct);
                    await LockStream(session, streamId, ct);
                }

                var loaded = expectNew && attempt == 1
                    ? new LoadedState<TState>(initial, 0L, 0L)
                    : await LoadForWrite(session, streamId, initial, evolve, ct);
                var events = decide(loaded.State);
                if (events.Count == 0)
                {
                    return events;
                }

                AppendAndSnapshot(session, streamId, loaded, events, evolve);
                alongside?.Invoke(session, loaded.State, events);
                foreach (var reaction in _reactions)
                {
                    await reaction.React(session, streamId, events, ct);
                }

                await session.SaveChangesAsync(ct);
                return events;
            }
            catch (Exception e) when (IsConcurrencyConflict(e) && attempt < MaxAttempts)
            {
                // Someone appended between our read and our write: decide again on the new state,
                // after a short random pause so that contending writers spread out.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }

    /// <summary>
    /// Appends facts that decide nothing (a refusal, an auditor's read, an ignored request): without
    /// folding the stream first, whose length would otherwise be paid at every fact, and without an
    /// expected version. Writers of facts on one stream queue on its advisory lock, so that many at
    /// once (an auditor's burst of reads) do not race for the next version number and exhaust their
    /// retries; a command appending at the same moment without the lock is retried as usual.
    /// </summary>
    public async Task Record(Guid streamId, IReadOnlyList<object> events, CommandContext context, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            EmageStore.Stamp(session, context);
            try
            {
                await session.BeginTransactionAsync(ct);
                await LockStream(session, streamId, ct);
                session.Events.Append(streamId, events);
                await SaveWithReactions(session, streamId, events, ct);
                return;
            }
            catch (Exception e) when (IsConcurrencyConflict(e) && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }

    /// <summary>
    /// Facts in a stream of their own, under a new id: no other writer can know the stream, so there
    /// is nothing to queue behind or to retry (an establishment's reads, which must never contend).
    /// </summary>
    public async Task<Guid> RecordInNewStream(IReadOnlyList<object> events, CommandContext context, CancellationToken ct = default)
    {
        var streamId = Guid.CreateVersion7();
        await using var session = store.LightweightSession();
        EmageStore.Stamp(session, context);
        session.Events.StartStream(streamId, events);
        await SaveWithReactions(session, streamId, events, ct);
        return streamId;
    }

    private async Task SaveWithReactions(IDocumentSession session, Guid streamId, IReadOnlyList<object> events, CancellationToken ct)
    {
        foreach (var reaction in _reactions)
        {
            await reaction.React(session, streamId, events, ct);
        }

        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A stream's state for a command: from its snapshot and the events after it when its state type
    /// has a snapshotter and the stream a snapshot, else from the whole stream. For handlers that
    /// append by themselves (sign-in) as well as for <see cref="Execute{TState}"/>.
    /// </summary>
    public async Task<LoadedState<TState>> LoadForWrite<TState>(
        IQuerySession session, Guid streamId, TState initial, Func<TState, object, TState> evolve, CancellationToken ct)
    {
        if (_snapshotters.TryGetValue(typeof(TState), out var snapshotter)
            && await session.LoadAsync<StreamSnapshot>(SnapshotId(snapshotter, streamId), ct) is { } snapshot)
        {
            var later = await session.Events.FetchStreamAsync(streamId, fromVersion: snapshot.Version + 1, token: ct);
            var state = later.Aggregate((TState)snapshotter.Restore(snapshot.State), (s, e) => evolve(s, e.Data));
            return new LoadedState<TState>(state, later.Count == 0 ? snapshot.Version : later[^1].Version, snapshot.Version);
        }

        var (whole, version) = await Load(session, streamId, initial, evolve, ct);
        return new LoadedState<TState>(whole, version, 0L);
    }

    /// <summary>Appends at the loaded version, and writes a new snapshot in the same session when one is due.</summary>
    public void AppendAndSnapshot<TState>(IDocumentSession session, Guid streamId, LoadedState<TState> loaded, IReadOnlyList<object> events,
        Func<TState, object, TState> evolve)
    {
        Append(session, streamId, loaded.Version, events);
        if (_snapshotters.TryGetValue(typeof(TState), out var snapshotter)
            && loaded.Version + events.Count - loaded.SnapshotVersion >= snapshotter.Every)
        {
            var after = events.Aggregate(loaded.State, evolve);
            session.Store(new StreamSnapshot
            {
                Id = SnapshotId(snapshotter, streamId), Version = loaded.Version + events.Count, State = snapshotter.Save(after!),
            });
        }
    }

    private static string SnapshotId(IStateSnapshotter snapshotter, Guid streamId) => $"{snapshotter.Kind}:{streamId:N}";

    /// <summary>A PostgreSQL advisory lock on the stream for the session's transaction: writers of one stream queue, on every node.</summary>
    public static async Task LockStream(IDocumentSession session, Guid streamId, CancellationToken ct)
    {
        var key = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(streamId.ToByteArray());
        await using var command = new Npgsql.NpgsqlCommand("select pg_advisory_xact_lock($1)")
        {
            Parameters = { new Npgsql.NpgsqlParameter { Value = key } },
        };
        await session.ExecuteAsync(command, ct);
    }

    public static async Task<(TState State, long Version)> Load<TState>(
        IQuerySession session, Guid streamId, TState initial, Func<TState, object, TState> evolve, CancellationToken ct)
    {
        var stored = await session.Events.FetchStreamAsync(streamId, token: ct);
        var state = initial;
        foreach (var e in stored)
        {
            state = evolve(state, e.Data);
        }

        return (state, stored.Count == 0 ? 0 : stored[^1].Version);
    }

    /// <summary>Appends expecting the stream to be exactly at <paramref name="version"/> (0: new stream).</summary>
    public static void Append(IDocumentSession session, Guid streamId, long version, IReadOnlyList<object> events)
    {
        if (version == 0)
        {
            session.Events.StartStream(streamId, events);
        }
        else
        {
            session.Events.Append(streamId, version + events.Count, events);
        }
    }

    public static bool IsConcurrencyConflict(Exception e) =>
        e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException
            or ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException
        || (e.InnerException is { } inner && IsConcurrencyConflict(inner));
}

/// <summary>
/// Something that must happen in the same transaction as certain events, whoever appends them
/// (the patient's e-mail notifications). Runs on every try of a command.
/// </summary>
public interface IAppendReaction
{
    ValueTask React(IDocumentSession session, Guid streamId, IReadOnlyList<object> events, CancellationToken ct);
}

/// <summary>A stream's folded state at a version, and the version of the snapshot it started from (0: none).</summary>
public sealed record LoadedState<TState>(TState State, long Version, long SnapshotVersion);
