using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Dossiers;

/// <summary>Which dossier a patient known to an establishment belongs to: by INS, or by the establishment's own id (IPP).</summary>
public sealed class PatientLink
{
    public string Id { get; set; } = "";
    public Guid PatientId { get; set; }

    public static string ByIns(string ins) => "ins:" + ins;

    public static string ByLocalId(Guid establishmentId, string localPatientId) => $"ipp:{establishmentId:N}:{localPatientId}";
}

public sealed record EstablishmentPublication(
    string LocalPatientId, PatientIdentity Patient, string Label, string Modality, DateTimeOffset PerformedAt,
    string AccessionNumber, string StudyInstanceUid, IReadOnlyList<Guid> Correspondents);

/// <summary>
/// An establishment publishes an exam: the patient is found by INS or by the establishment's own
/// patient id, or gets a new dossier; the links are written in the same transaction as the events.
/// Publishing the same study again answers with the exam already published.
/// </summary>
public sealed class PublicationHandler(IDocumentStore store, DossierHandler dossiers, Accounts.AccountLinks links)
{
    public async Task<(Guid PatientId, Guid ExamId)> Publish(Guid establishmentId, EstablishmentPublication p, CommandContext context, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(p.LocalPatientId) || p.LocalPatientId.Length > 64)
        {
            throw new DomainException("INVALID_PATIENT", "The establishment's patient id has 1 to 64 characters.");
        }

        var local = PatientLink.ByLocalId(establishmentId, p.LocalPatientId.Trim());
        var ins = p.Patient.Ins is { } i ? PatientLink.ByIns(i) : null;
        Guid patientId;
        await using (var query = store.QuerySession())
        {
            var links = await query.LoadManyAsync<PatientLink>(ct, ins is null ? [local] : [local, ins]);
            patientId = links.FirstOrDefault(l => l.Id == ins)?.PatientId ?? links.FirstOrDefault(l => l.Id == local)?.PatientId ?? Guid.CreateVersion7();
            var existing = (await query.LoadAsync<PatientExams>(patientId, ct))?.Exams.Find(e => e.StudyInstanceUid == p.StudyInstanceUid);
            if (existing is not null)
            {
                return existing.EstablishmentId == establishmentId
                    ? (patientId, existing.ExamId)
                    : throw new DomainException("STUDY_EXISTS", "This study was already published for this patient.");
            }
        }

        // The first exam that comes with the patient's e-mail gives the patient an account, and the
        // activation e-mail leaves with it (same transaction).
        var activation = p.Patient.Email is { Length: > 0 } email
            ? await links.PrepareActivation(patientId, email, $"{p.Patient.GivenNames.Trim()} {p.Patient.FamilyName.Trim()}", context, ct)
            : null;
        var examId = Guid.CreateVersion7();
        await dossiers.Publish(
            new ExamToPublish(patientId, p.Patient, examId, establishmentId, p.Label, p.Modality, p.PerformedAt, p.AccessionNumber,
                p.StudyInstanceUid, p.Correspondents),
            context,
            session =>
            {
                session.Store(new PatientLink { Id = local, PatientId = patientId });
                if (ins is not null)
                {
                    session.Store(new PatientLink { Id = ins, PatientId = patientId });
                }

                activation?.Invoke(session);
            },
            ct);
        return (patientId, examId);
    }
}
