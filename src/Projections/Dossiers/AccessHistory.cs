using EMage.Domain.Dossiers;
using EMage.Domain.Shares;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EMage.Projections.Dossiers;

/// <summary>What a row of the history records.</summary>
public enum AccessAction
{
    [System.ComponentModel.Description("The dossier was opened: by a professional, or by a share recipient reading the shared exam.")]
    DossierOpened,
    [System.ComponentModel.Description("A share's link was opened with the e-mailed code: a share session started.")]
    ShareOpened,
}

/// <summary>One row of the "Historique" tab: an opening of the dossier, or a use of a share.</summary>
public sealed record AccessHistoryEntry
{
    public Guid Id { get; init; }
    public AccessAction Action { get; init; }
    public Guid PatientId { get; init; }
    /// <summary>The event's global sequence: the order of the history and its paging cursor.</summary>
    public long Sequence { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    public Guid? ActorId { get; init; }
    public string ActorName { get; init; } = "";
    public AccessBasis Basis { get; init; }
    public Guid? EstablishmentId { get; init; }
    public Guid? ExamId { get; init; }
    public string? ExamLabel { get; init; }

    /// <summary>The letter of history rows' cursors (<see cref="Store.SequenceCursor"/>).</summary>
    public const char CursorList = 'h';

    /// <summary>This row's place in a list of history rows, newest first: the lists page after it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Cursor => Store.SequenceCursor.Encode(CursorList, Sequence);

    /// <summary>The row an event makes, or null; shared by the projection and by time travel.</summary>
    public static AccessHistoryEntry? From(IEvent e) => e.Data switch
    {
        DossierOpened o => new AccessHistoryEntry
        {
            Id = e.Id, PatientId = o.PatientId, Sequence = e.Sequence, OpenedAt = o.OpenedAt, ActorId = o.ActorId,
            ActorName = o.ActorName, Basis = o.Basis, EstablishmentId = o.EstablishmentId, ExamId = o.ExamId, ExamLabel = o.ExamLabel,
        },
        ShareUsed u => new AccessHistoryEntry
        {
            Id = e.Id, Action = AccessAction.ShareOpened, PatientId = u.PatientId, Sequence = e.Sequence, OpenedAt = u.UsedAt,
            ActorId = u.ShareId, ActorName = u.RecipientEmail,
            Basis = AccessBasis.Share, ExamId = u.ExamId, ExamLabel = u.ExamLabel,
        },
        _ => null,
    };

    /// <summary>Composite indexes serve the page queries: equality on the patient (or the actor), range and order on the sequence.</summary>
    internal static void Configure(StoreOptions opts) =>
        opts.Schema.For<AccessHistoryEntry>()
            .Index([x => x.PatientId, x => x.Sequence], index => index.Name = "mt_doc_accesshistoryentry_idx_patient_sequence")
            // A professional's recent openings (their QIDO-RS study search).
            .Index([x => x.ActorId!, x => x.Sequence], index => index.Name = "mt_doc_accesshistoryentry_idx_actor_sequence");
}

/// <summary>One row per event: an EventProjection, inline so that the patient sees an opening at once.</summary>
public sealed partial class AccessHistoryProjection : EventProjection
{
    public AccessHistoryProjection()
    {
        IncludeType<DossierOpened>();
        IncludeType<ShareUsed>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (AccessHistoryEntry.From(e) is { } entry)
        {
            operations.Store(entry);
        }

        return ValueTask.CompletedTask;
    }
}
