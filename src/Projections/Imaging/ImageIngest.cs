using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Imaging;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Imaging;

/// <summary>What became of one instance of a STOW-RS request (PS3.18: referenced, or failed with a reason).</summary>
public sealed record StowOutcome(string? SopClassUid, string? SopInstanceUid, string? StudyInstanceUid, int? FailureReason, string? Reason);

/// <summary>
/// Receives an establishment's DICOM instances: each is read, matched with one of the establishment's
/// published exams (by study instance UID or accession number) and the same patient, its preamble
/// zeroed (a preamble can hide an executable), its bytes stored, then one ImagesReceived per exam is
/// appended with the instance documents in the same transaction. A refused instance stores nothing;
/// a re-sent one is acknowledged again without a new event.
/// </summary>
public sealed class ImageIngest(IDocumentStore store, IBlobStore blobs, EventStreamWriter writer, TimeProvider clock)
{
    public const int ProcessingFailure = 0x0110;
    public const int NotAuthorized = 0x0124;
    public const int DoesNotMatch = 0xA900;
    public const int CannotUnderstand = 0xC000;

    public async Task<IReadOnlyList<StowOutcome>> Ingest(
        Guid establishmentId, IReadOnlyList<byte[]> parts, string? studyInPath, CommandContext context, CancellationToken ct = default)
    {
        var outcomes = new List<StowOutcome>();
        var fresh = new List<StoredInstance>();
        foreach (var part in parts)
        {
            DicomIndex index;
            try
            {
                index = DicomReader.Read(part);
            }
            catch (DicomParseException e)
            {
                outcomes.Add(new StowOutcome(null, null, null, CannotUnderstand, e.Message));
                continue;
            }

            var outcome = await Accept(establishmentId, part, index, studyInPath, fresh, ct);
            outcomes.Add(outcome);
        }

        foreach (var exam in fresh.GroupBy(i => (i.PatientId, i.ExamId)))
        {
            await using var query = store.QuerySession();
            var known = (await query.Query<StoredInstance>().Where(i => i.PatientId == exam.Key.PatientId && i.ExamId == exam.Key.ExamId)
                .Select(i => i.SeriesInstanceUid).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var newSeries = exam.Select(i => i.SeriesInstanceUid).Distinct(StringComparer.Ordinal).Count(s => !known.Contains(s));
            var instances = exam.ToList();
            await writer.Execute(exam.Key.PatientId, Dossier.Initial, Dossier.Evolve,
                s => DossierDecider.Decide(new ReceiveImages(exam.Key.PatientId, exam.Key.ExamId, newSeries, instances.Count, clock.GetUtcNow(), context.Actor), s),
                context, (session, _, _) => session.Store(instances.ToArray()), exclusive: true, ct: ct);
        }

        return outcomes;
    }

    private async Task<StowOutcome> Accept(Guid establishmentId, byte[] part, DicomIndex index, string? studyInPath, List<StoredInstance> fresh, CancellationToken ct)
    {
        StowOutcome Fail(int reason, string why) => new(index.SopClassUid, index.SopInstanceUid, index.StudyInstanceUid, reason, why);

        if (index is not { SopInstanceUid: { } sop, SopClassUid: { } sopClass, StudyInstanceUid: { } study, SeriesInstanceUid: { } series })
        {
            return Fail(CannotUnderstand, "The instance lacks its SOP class, SOP instance, study or series UID.");
        }

        if (studyInPath is not null && studyInPath != study)
        {
            return Fail(DoesNotMatch, "The instance belongs to another study than the one in the request's path.");
        }

        if (fresh.Exists(i => i.Id == sop))
        {
            return new StowOutcome(sopClass, sop, study, null, null); // twice in one request
        }

        await using var query = store.QuerySession();
        var accession = index.AccessionNumber;
        var dossier = await query.Query<PatientExams>()
            .Where(d => d.Exams.Any(e => e.EstablishmentId == establishmentId && (e.StudyInstanceUid == study || e.AccessionNumber == accession)))
            .FirstOrDefaultAsync(ct);
        var exam = dossier?.Exams.Find(e => e.EstablishmentId == establishmentId && e.StudyInstanceUid == study)
                   ?? dossier?.Exams.Find(e => e.EstablishmentId == establishmentId && e.AccessionNumber == accession);
        if (dossier is null || exam is null)
        {
            return Fail(NotAuthorized, "No exam of this establishment has this study instance UID or accession number.");
        }

        var link = index.PatientId is { } ipp ? await query.LoadAsync<PatientLink>(PatientLink.ByLocalId(establishmentId, ipp), ct) : null;
        if (link?.PatientId != dossier.Id)
        {
            return Fail(NotAuthorized, "The instance's patient ID is not the exam's patient at this establishment.");
        }

        if (await query.LoadAsync<StoredInstance>(sop, ct) is { } stored)
        {
            return stored.ExamId == exam.ExamId
                ? new StowOutcome(sopClass, sop, study, null, null)
                : Fail(NotAuthorized, "This SOP instance UID was already received for another exam.");
        }

        if (part.Length >= 132 && part.AsSpan(128, 4).SequenceEqual("DICM"u8))
        {
            part.AsSpan(0, 128).Clear();
        }

        var blob = await blobs.Put(part, ct);
        fresh.Add(new StoredInstance
        {
            Id = sop, PatientId = dossier.Id, ExamId = exam.ExamId, EstablishmentId = establishmentId, StudyInstanceUid = study,
            SeriesInstanceUid = series, SopClassUid = sopClass, TransferSyntaxUid = index.TransferSyntaxUid, Modality = index.Modality,
            InstanceNumber = index.InstanceNumber, Rows = index.Rows, Columns = index.Columns, NumberOfFrames = index.NumberOfFrames,
            LocalPatientId = index.PatientId, PatientName = index.PatientName, PatientBirthDate = index.PatientBirthDate, PatientSex = index.PatientSex,
            StudyDate = index.StudyDate, StudyTime = index.StudyTime, StudyId = index.StudyId, StudyDescription = index.StudyDescription,
            AccessionNumber = index.AccessionNumber, SeriesNumber = index.SeriesNumber, SeriesDescription = index.SeriesDescription,
            Blob = blob, Size = part.Length,
        });
        return new StowOutcome(sopClass, sop, study, null, null);
    }
}
