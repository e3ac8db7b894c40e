using EMage.Domain.Shares;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace EMage.Projections.Shares;

public enum ShareStatus
{
    Active,
    Revoked,
    Expired,
}

/// <summary>A share as the patient's list shows it ("ActiveShares"), with its uses.</summary>
public sealed record ShareSummary
{
    public Guid Id { get; init; }
    public Guid PatientId { get; init; }
    public Guid ExamId { get; init; }
    public string ExamLabel { get; init; } = "";
    public string RecipientEmail { get; init; } = "";
    public string? Message { get; init; }
    public DateTimeOffset SharedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public ShareStatus Status { get; init; }
    public int Uses { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }

    public bool IsActiveAt(DateTimeOffset now) => Status == ShareStatus.Active && ExpiresAt > now;

    internal static void Configure(StoreOptions opts) => opts.Schema.For<ShareSummary>().Duplicate(x => x.PatientId);
}

public sealed partial class ShareSummaryProjection : SingleStreamProjection<ShareSummary, Guid>
{
    public ShareSummaryProjection()
    {
        IncludeType<ExamShared>();
        IncludeType<ShareUsed>();
        IncludeType<ShareRevoked>();
        IncludeType<ShareExpired>();
    }

    public override ShareSummary? Evolve(ShareSummary? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (_, ExamShared s) => new ShareSummary
        {
            Id = s.ShareId, PatientId = s.PatientId, ExamId = s.ExamId, ExamLabel = s.ExamLabel, RecipientEmail = s.RecipientEmail,
            Message = s.Message, SharedAt = s.SharedAt, ExpiresAt = s.ExpiresAt, Status = ShareStatus.Active,
        },
        (null, _) => null,
        (_, ShareUsed u) => snapshot with { Uses = snapshot.Uses + 1, LastUsedAt = u.UsedAt },
        (_, ShareRevoked) => snapshot with { Status = ShareStatus.Revoked },
        (_, ShareExpired) => snapshot with { Status = ShareStatus.Expired },
        _ => snapshot,
    };
}
