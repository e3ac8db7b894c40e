using EMage.Domain.Dossiers;
using EMage.Domain.Shares;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EMage.Projections.Expiry;

public enum ExpiryKind
{
    BreakGlass,
    Share,
}

/// <summary>
/// Something that will expire (a break-glass grant, a share), until its expiry event is written:
/// the expiry job's to-do list, indexed by due time so it never scans the dossiers.
/// </summary>
public sealed record ScheduledExpiry
{
    public Guid Id { get; init; }
    public ExpiryKind Kind { get; init; }
    public Guid StreamId { get; init; }
    public DateTimeOffset DueAt { get; init; }

    internal static void Configure(StoreOptions opts) => opts.Schema.For<ScheduledExpiry>().Duplicate(x => x.DueAt);
}

public sealed partial class ScheduledExpiryProjection : EventProjection
{
    public ScheduledExpiryProjection()
    {
        IncludeType<BreakGlassGranted>();
        IncludeType<BreakGlassExpired>();
        IncludeType<ExamShared>();
        IncludeType<ShareRevoked>();
        IncludeType<ShareExpired>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case BreakGlassGranted g:
                operations.Store(new ScheduledExpiry { Id = g.GrantId, Kind = ExpiryKind.BreakGlass, StreamId = g.PatientId, DueAt = g.ExpiresAt });
                break;
            case ExamShared s:
                operations.Store(new ScheduledExpiry { Id = s.ShareId, Kind = ExpiryKind.Share, StreamId = s.ShareId, DueAt = s.ExpiresAt });
                break;
            case BreakGlassExpired x:
                operations.Delete<ScheduledExpiry>(x.GrantId);
                break;
            case ShareRevoked r:
                operations.Delete<ScheduledExpiry>(r.ShareId);
                break;
            case ShareExpired x:
                operations.Delete<ScheduledExpiry>(x.ShareId);
                break;
        }

        return ValueTask.CompletedTask;
    }
}
