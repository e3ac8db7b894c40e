using EMage.Domain.BreakGlass;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Domain.Platform;
using EMage.Projections.Accounts;
using EMage.Projections.Establishments;
using EMage.Projections.Professionals;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Dossiers;

public sealed record ExamToPublish(
    Guid PatientId, PatientIdentity Patient, Guid ExamId, Guid EstablishmentId, string Label, string Modality,
    DateTimeOffset PerformedAt, string AccessionNumber, string StudyInstanceUid, IReadOnlyList<Guid> Correspondents);

/// <summary>Dossier commands: each gathers what its decision needs, then goes through the write adapter.</summary>
public sealed class DossierHandler(IDocumentStore store, EventStreamWriter writer, TimeProvider clock)
{
    /// <param name="alongside">Documents to write in the same transaction as the events (e.g. patient links).</param>
    public async Task Publish(ExamToPublish exam, CommandContext context, Action<IDocumentSession>? alongside = null, CancellationToken ct = default)
    {
        string establishmentName;
        bool correspondentsKnown;
        await using (var query = store.QuerySession())
        {
            establishmentName = (await query.LoadAsync<EstablishmentDirectoryEntry>(exam.EstablishmentId, ct))?.Name
                ?? throw new DomainException("ESTABLISHMENT_NOT_FOUND", "No such establishment.");
            var found = await query.LoadManyAsync<ProfessionalDirectoryEntry>(ct, exam.Correspondents.Distinct());
            correspondentsKnown = found.Count == exam.Correspondents.Distinct().Count();
        }

        var command = new PublishExam(exam.PatientId, exam.Patient, exam.ExamId, exam.EstablishmentId, establishmentName, exam.Label,
            exam.Modality, exam.PerformedAt, exam.AccessionNumber, exam.StudyInstanceUid, exam.Correspondents, correspondentsKnown,
            clock.GetUtcNow(), context.Actor);
        await writer.Execute(command.PatientId, Dossier.Initial, Dossier.Evolve, s => DossierDecider.Decide(command, s), context,
            alongside is null ? null : (session, _, _) => alongside(session), ct: ct);
    }

    public Task AttachReport(Guid patientId, Guid examId, Guid reportId, CommandContext context, CancellationToken ct = default) =>
        Run(new AttachReport(patientId, examId, reportId, clock.GetUtcNow(), context.Actor), context, ct);

    public Task ReceiveImages(Guid patientId, Guid examId, int series, int instances, CommandContext context, CancellationToken ct = default) =>
        Run(new ReceiveImages(patientId, examId, series, instances, clock.GetUtcNow(), context.Actor), context, ct);

    public async Task DeclareCorrespondent(Guid patientId, Guid examId, Guid professionalId, CommandContext context, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        var known = await query.LoadAsync<ProfessionalDirectoryEntry>(professionalId, ct) is not null;
        await Run(new DeclareCorrespondent(patientId, examId, professionalId, known, clock.GetUtcNow(), context.Actor), context, ct);
    }

    /// <summary>
    /// A professional opens a patient's dossier. Allowed: a DossierOpened event on the dossier.
    /// Not allowed, or no such dossier: a DossierAccessRefused event on the professional's stream and
    /// one and the same NOT_AUTHORISED error.
    /// </summary>
    public async Task<AccessBasis> Open(Guid patientId, Guid professionalId, Guid? examId, CommandContext context, string? viewingMark = null,
        CancellationToken ct = default)
    {
        var (name, facts) = await FactsFor(patientId, professionalId, ct);
        IReadOnlyList<object> refused = [];
        var events = await writer.Execute(patientId, Dossier.Initial, Dossier.Evolve, state =>
        {
            var decided = DossierDecider.Decide(new OpenDossier(patientId, professionalId, name, examId, facts, clock.GetUtcNow(), context.Actor), state);
            if (decided is [DossierAccessRefused])
            {
                refused = decided;
                return [];
            }

            return decided;
        }, context, alongside: Mark(viewingMark), ct: ct);

        if (refused.Count > 0)
        {
            await writer.Record(professionalId, refused, context, ct);
            throw DossierDecider.NotAuthorised();
        }

        return ((DossierOpened)events[0]).Basis;
    }

    /// <summary>
    /// A share recipient's first read of the shared exam in a share session: a DossierOpened on the
    /// basis of the share. A share that no longer opens, or another exam: NOT_AUTHORISED, nothing written.
    /// </summary>
    public Task OpenShared(EMage.Domain.Shares.Share share, CommandContext context, string? viewingMark = null, CancellationToken ct = default) =>
        writer.Execute(share.PatientId, Dossier.Initial, Dossier.Evolve,
            state => DossierDecider.Decide(new OpenSharedExam(share.PatientId, share, clock.GetUtcNow(), context.Actor), state), context,
            alongside: Mark(viewingMark), ct: ct);

    /// <summary>
    /// The viewing session's mark, inserted with the opening: a second first read at the same moment
    /// fails on it (<see cref="IsAlreadyOpened"/>) and records nothing.
    /// </summary>
    private static Action<IDocumentSession, Dossier, IReadOnlyList<object>>? Mark(string? viewingMark) =>
        viewingMark is null ? null : (session, _, _) => session.Insert(new ViewingMark { Id = viewingMark });

    /// <summary>Whether an opening failed because its viewing session's mark was written by another read meanwhile.</summary>
    public static bool IsAlreadyOpened(Exception e) =>
        e is JasperFx.DocumentAlreadyExistsException
        || (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } unique && unique.TableName?.Contains("viewingmark", StringComparison.Ordinal) == true)
        || (e.InnerException is { } inner && IsAlreadyOpened(inner));

    /// <summary>
    /// Whether the professional may open the dossier now, without recording anything (an opening
    /// already was): rule 3 composed from the access read models, as the "Professionnels" tab is,
    /// in two round trips and without folding the dossier's stream.
    /// </summary>
    public async Task<bool> MayOpen(Guid patientId, Guid professionalId, CancellationToken ct = default) =>
        (await WhichMayOpen([patientId], professionalId, ct)).Count == 1;

    /// <summary>
    /// Of these dossiers, those the professional may open now, in the order given: the same rule as
    /// <see cref="MayOpen"/>, with the access documents of every dossier read at once.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> WhichMayOpen(IReadOnlyList<Guid> patientIds, Guid professionalId, CancellationToken ct = default)
    {
        if (patientIds.Count == 0)
        {
            return [];
        }

        await using var query = store.QuerySession();
        var batch = query.CreateBatchQuery();
        var patientsLoad = batch.LoadMany<PatientAccessDocument>().ById(patientIds.ToArray());
        var adminsLoad = batch.Load<PlatformAdministratorsDocument>(PlatformStaff.StreamId);
        await batch.Execute(ct);
        var patients = (await patientsLoad).ToDictionary(p => p.Id);
        var admins = (await adminsLoad)?.Facts ?? PlatformAdministratorFacts.Empty;
        var establishments = patients.Values.SelectMany(p => p.Facts.Establishments.Select(e => e.Id)).Distinct().ToArray();
        var staff = establishments.Length == 0
            ? new Dictionary<Guid, EstablishmentStaffDocument>()
            : (await query.LoadManyAsync<EstablishmentStaffDocument>(ct, establishments)).ToDictionary(s => s.Id);
        var now = clock.GetUtcNow();
        return [.. patientIds.Where(id => patients.TryGetValue(id, out var patient)
            && AccessList.Compose(patient.Facts,
                    [.. patient.Facts.Establishments.Where(e => staff.ContainsKey(e.Id)).Select(e => staff[e.Id].Facts)], admins, now)
                .Any(row => row.ProfessionalId == professionalId))];
    }

    /// <summary>
    /// The dossiers a professional opened since an instant (each opening recorded) and may still
    /// open, most recently opened first, at most <paramref name="max"/>: what a professional's
    /// QIDO-RS study search covers, never a search of every dossier they could open.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> OpenedBy(Guid professionalId, DateTimeOffset since, int max, CancellationToken ct = default)
    {
        List<Guid> recent;
        await using (var query = store.QuerySession())
        {
            recent = [.. (await query.Query<AccessHistoryEntry>()
                .Where(h => h.ActorId == professionalId && h.Action == AccessAction.DossierOpened && h.OpenedAt >= since)
                .OrderByDescending(h => h.Sequence).Take(max * 4).Select(h => h.PatientId).ToListAsync(ct)).Distinct().Take(max)];
        }

        return await WhichMayOpen(recent, professionalId, ct);
    }

    public async Task<Guid> RequestBreakGlass(Guid patientId, Guid professionalId, string justification, CommandContext context, CancellationToken ct = default)
    {
        var grantId = Guid.CreateVersion7();
        var events = await writer.Execute(patientId, Dossier.Initial, Dossier.Evolve, state => DossierDecider.Decide(
            new GrantBreakGlass(patientId, grantId, professionalId, justification, BreakGlassRules.DefaultDuration, clock.GetUtcNow(), context.Actor),
            state), context, ct: ct);
        return events is [BreakGlassGranted granted] ? granted.GrantId : grantId;
    }

    public Task ExpireBreakGlass(Guid patientId, Guid grantId, CommandContext context, CancellationToken ct = default) =>
        Run(new ExpireBreakGlass(patientId, grantId, clock.GetUtcNow(), context.Actor), context, ct);

    /// <summary>The patient opened a document: it leaves the home page's new documents.</summary>
    public async Task MarkSeen(Guid accountId, Guid examId, DocumentKind kind, CommandContext context, CancellationToken ct = default)
    {
        var patientId = await PatientOf(store, accountId, ct);
        await Run(new MarkDocumentSeen(patientId, examId, kind, clock.GetUtcNow(), context.Actor), context, ct);
    }

    /// <summary>The patient of a signed-in account; a deactivated account sees nothing (rule 7).</summary>
    public static async Task<Guid> PatientOf(IDocumentStore store, Guid accountId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var account = await query.LoadAsync<AccountStatus>(accountId, ct);
        return account switch
        {
            { Active: false } => throw new DomainException("ACCOUNT_DEACTIVATED", "This account is deactivated."),
            { PatientId: { } patientId } => patientId,
            _ => throw new DomainException("NOT_A_PATIENT", "This account has no dossier."),
        };
    }

    private async Task<(string Name, AccessFacts Facts)> FactsFor(Guid patientId, Guid professionalId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var professional = await query.LoadAsync<ProfessionalDirectoryEntry>(professionalId, ct)
            ?? throw DossierDecider.NotAuthorised();
        var (_, staff, admins) = await AccessDocuments(query, patientId, ct);
        var facts = new AccessFacts(
            admins?.Facts.Administrators.Select(a => a.Id).ToHashSet() ?? [],
            staff.SelectMany(s => s.Facts.Staff.Select(m => new StaffMembership(s.Id, m.ProfessionalId, m.Role))).ToList());
        return (professional.DisplayName, facts);
    }

    /// <summary>The patient's access facts and the platform's administrators in one batch, then the staff of the patient's establishments.</summary>
    private static async Task<(PatientAccessDocument? Patient, IReadOnlyList<EstablishmentStaffDocument> Staff, PlatformAdministratorsDocument? Admins)> AccessDocuments(
        IQuerySession query, Guid patientId, CancellationToken ct)
    {
        var batch = query.CreateBatchQuery();
        var patientLoad = batch.Load<PatientAccessDocument>(patientId);
        var adminsLoad = batch.Load<PlatformAdministratorsDocument>(PlatformStaff.StreamId);
        await batch.Execute(ct);
        var patient = await patientLoad;
        var establishments = patient?.Facts.Establishments.Select(e => e.Id).ToArray() ?? [];
        var staff = establishments.Length == 0 ? [] : await query.LoadManyAsync<EstablishmentStaffDocument>(ct, establishments);
        return (patient, staff, await adminsLoad);
    }

    private Task<IReadOnlyList<object>> Run(DossierCommand command, CommandContext context, CancellationToken ct) =>
        writer.Execute(command.PatientId, Dossier.Initial, Dossier.Evolve, s => DossierDecider.Decide(command, s), context, ct: ct);
}
