using EMage.Domain.Accounts;
using EMage.Domain.Dossiers;
using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Mail;

/// <summary>
/// E-mails the patient, in the transaction of the event: a new document is available (once per
/// document until the patient has seen it); a
/// break-glass access happened (always); a professional opened the dossier (as the patient chose:
/// never, the first time each professional does, or every time). Only activated, active accounts
/// are told; an account not yet activated gets its activation e-mail instead.
/// </summary>
public sealed class PatientNotifier(MailTemplates mail) : IAppendReaction
{
    public async ValueTask React(IDocumentSession session, Guid streamId, IReadOnlyList<object> events, CancellationToken ct)
    {
        var documents = events.Where(e => e is ReportAttached or ImagesReceived).ToList();
        var breakGlass = events.OfType<BreakGlassGranted>().FirstOrDefault();
        // A break-glass has its own e-mail; a share recipient's reading is the patient's own choice, shown
        // in the history and live but not mailed (as the share's uses are not).
        var openings = events.OfType<DossierOpened>().Where(o => o.Basis is not (AccessBasis.BreakGlass or AccessBasis.Share)).ToList();
        if (documents.Count == 0 && breakGlass is null && openings.Count == 0)
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

        if (documents.Count > 0 && await Announced(session, patientId, documents, ct) is { } newDocument)
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

    /// <summary>
    /// The document worth an e-mail, or null: one notice per document (an exam's images, its report)
    /// until the patient has seen it. Images come in many STOW-RS requests (often one instance each)
    /// and a report may be replaced; while the home page still shows that document unseen, the
    /// patient has already been told. The feed read here is the one before this transaction's events.
    /// </summary>
    private static async Task<EMage.Domain.Common.IDomainEvent?> Announced(IDocumentSession session, Guid patientId, List<object> documents, CancellationToken ct)
    {
        var feed = await session.LoadAsync<NewDocumentsFeed>(patientId, ct);
        return documents.OfType<EMage.Domain.Common.IDomainEvent>().FirstOrDefault(d =>
        {
            var (exam, kind) = d switch
            {
                ReportAttached r => (r.ExamId, DocumentKind.Report),
                ImagesReceived i => (i.ExamId, DocumentKind.Images),
                _ => (Guid.Empty, DocumentKind.Report),
            };
            return feed is null || !feed.Documents.Exists(x => x.ExamId == exam && x.Kind == kind);
        });
    }
}
