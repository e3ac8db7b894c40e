using EMage.Domain.Accounts;
using EMage.Domain.Dossiers;
using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Mail;

/// <summary>
/// E-mails the patient, in the transaction of the event: a new document is available; a
/// break-glass access happened (always); a professional opened the dossier (as the patient chose:
/// never, the first time each professional does, or every time). Only activated, active accounts
/// are told; an account not yet activated gets its activation e-mail instead.
/// </summary>
public sealed class PatientNotifier(MailTemplates mail) : IAppendReaction
{
    public async ValueTask React(IDocumentSession session, Guid streamId, IReadOnlyList<object> events, CancellationToken ct)
    {
        var newDocument = events.FirstOrDefault(e => e is ExamPublished or ReportAttached or ImagesReceived) as EMage.Domain.Common.IDomainEvent;
        var breakGlass = events.OfType<BreakGlassGranted>().FirstOrDefault();
        var openings = events.OfType<DossierOpened>().Where(o => o.Basis != AccessBasis.BreakGlass).ToList();
        if (newDocument is null && breakGlass is null && openings.Count == 0)
        {
            return;
        }

        var patientId = streamId;
        var account = await session.Query<AccountStatus>()
            .FirstOrDefaultAsync(a => a.PatientId == patientId && a.Role == AccountRole.Patient, ct);
        if (account is not { Active: true, HasPassword: true })
        {
            return;
        }

        if (newDocument is not null)
        {
            Outbox.Enqueue(session, mail.NewDocument(account.Email), newDocument.OccurredAt, mail.Domain);
        }

        if (breakGlass is not null)
        {
            Outbox.Enqueue(session, mail.BreakGlass(account.Email, breakGlass.GrantedAt), breakGlass.GrantedAt, mail.Domain);
        }

        foreach (var opening in openings)
        {
            var tell = account.OpeningNotice switch
            {
                OpeningNotice.EveryOpening => true,
                OpeningNotice.FirstOpening => !await session.Query<AccessHistoryEntry>()
                    .AnyAsync(h => h.PatientId == patientId && h.ActorId == opening.ActorId, ct),
                _ => false,
            };
            if (tell)
            {
                Outbox.Enqueue(session, mail.DossierOpened(account.Email, opening.OpenedAt), opening.OpenedAt, mail.Domain);
            }
        }
    }
}
