using EMage.Domain.Common;
using EMage.Projections.Shares;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Dossiers;

public sealed record AccessHistoryPage(IReadOnlyList<AccessHistoryEntry> Entries, string? EndCursor, bool HasNextPage);

/// <summary>The "Historique" tab: newest first, paged by an opaque cursor; and the same AS OF an instant.</summary>
public sealed class AccessHistoryQuery(IDocumentStore store)
{
    public const int MaxPageSize = 100;

    public async Task<AccessHistoryPage> Page(Guid patientId, int first, string? after = null, CancellationToken ct = default)
    {
        if (first is < 1 or > MaxPageSize)
        {
            throw new DomainException("BAD_PAGE_SIZE", $"A page holds 1 to {MaxPageSize} rows.");
        }

        var before = SequenceCursor.Before(AccessHistoryEntry.CursorList, after);
        await using var query = store.QuerySession();
        var rows = await query.Query<AccessHistoryEntry>()
            .Where(x => x.PatientId == patientId && x.Sequence < before)
            .OrderByDescending(x => x.Sequence)
            .Take(first + 1)
            .ToListAsync(ct);
        var page = rows.Take(first).ToList();
        return new AccessHistoryPage(page, page.Count == 0 ? null : page[^1].Cursor, rows.Count > first);
    }

    /// <summary>Every opening and share use of the patient that happened at or before the instant, newest first.</summary>
    public async Task<IReadOnlyList<AccessHistoryEntry>> AsOf(Guid patientId, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        var shares = await query.Query<ShareSummary>().Where(s => s.PatientId == patientId).Select(s => s.Id).ToListAsync(ct);
        var entries = new List<AccessHistoryEntry>();
        foreach (var stream in shares.Prepend(patientId))
        {
            var events = await query.Events.FetchStreamAsync(stream, token: ct);
            entries.AddRange(events
                .Where(e => e.Data is IDomainEvent d && d.OccurredAt <= at)
                .Select(AccessHistoryEntry.From)
                .OfType<AccessHistoryEntry>());
        }

        return entries.OrderByDescending(e => e.Sequence).ToList();
    }
}
