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
/// appended with the instance documents in the same transaction. An Encapsulated PDF instance is the
/// exam's report: its PDF is checked like an uploaded one and attached (ReportAttached). A refused
/// instance stores nothing; a re-sent one is acknowledged again without a new event.
/// </summary>
public sealed class ImageIngest(IDocumentStore store, IBlobStore blobs, EventStreamWriter writer, TimeProvider clock)
{
    public const int ProcessingFailure = 0x0110;
    public const int NotAuthorized = 0x0124;
    public const int DoesNotMatch = 0xA900;
    public const int CannotUnderstand = 0xC000;
    public const string EncapsulatedPdfStorage = "1.2.840.10008.5.1.4.1.1.104.1";

    public async Task<IReadOnlyList<StowOutcome>> Ingest(
        Guid establishmentId, IReadOnlyList<byte[]> parts, string? studyInPath, CommandContext context, CancellationToken ct = default)
    {
        var outcomes = new List<StowOutcome>();
        var fresh = new List<StoredInstance>();
        var reports = new List<ReportDocument>();
        var lookedUp = new Known();
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

            var outcome = await Accept(establishmentId, part, index, studyInPath, fresh, reports, lookedUp, ct);
            outcomes.Add(outcome);
        }

        foreach (var exam in fresh.GroupBy(i => (i.PatientId, i.ExamId)))
        {
            await using var query = store.QuerySession();
            // Which of this request's series the exam already has: an indexed look-up of these series only,
            // whatever the size of the exam.
            var series = exam.Select(i => i.SeriesInstanceUid).Distinct(StringComparer.Ordinal).ToArray();
            var known = (await query.Query<StoredInstance>()
                .Where(i => i.SeriesInstanceUid.IsOneOf(series) && i.PatientId == exam.Key.PatientId && i.ExamId == exam.Key.ExamId)
                .Select(i => i.SeriesInstanceUid).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var newSeries = series.Count(s => !known.Contains(s));
            var instances = exam.ToList();
            await writer.Execute(exam.Key.PatientId, Dossier.Initial, Dossier.Evolve,
                s => DossierDecider.Decide(new ReceiveImages(exam.Key.PatientId, exam.Key.ExamId, newSeries, instances.Count, clock.GetUtcNow(), context.Actor), s),
                context, (session, _, _) => session.Store(instances.ToArray()), exclusive: true, ct: ct);
        }

        foreach (var report in reports)
        {
            await writer.Execute(report.PatientId, Dossier.Initial, Dossier.Evolve,
                s => DossierDecider.Decide(new AttachReport(report.PatientId, report.ExamId, report.Id, clock.GetUtcNow(), context.Actor), s),
                context, (session, _, _) => session.Store(report), ct: ct);
        }

        return outcomes;
    }

    /// <summary>The report an establishment's Encapsulated PDF instance becomes: one id per SOP instance, so a re-sent one is the same report.</summary>
    public static Guid ReportIdOf(Guid establishmentId, string sopInstanceUid)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{establishmentId:N}/{sopInstanceUid}")).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: name-based, application-defined
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>What one request already looked up: its instances mostly share one study and one patient.</summary>
    private sealed class Known
    {
        public readonly Dictionary<(string Study, string? Accession), (PatientExams? Dossier, PatientExam? Exam)> Exams = [];
        public readonly Dictionary<string, PatientLink?> Links = new(StringComparer.Ordinal);
    }

    private async Task<StowOutcome> Accept(Guid establishmentId, byte[] part, DicomIndex index, string? studyInPath, List<StoredInstance> fresh,
        List<ReportDocument> reports, Known known, CancellationToken ct)
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
        if (!known.Exams.TryGetValue((study, index.AccessionNumber), out var match))
        {
            var found = await ExamLookup.Find(query, establishmentId, study, index.AccessionNumber, ct);
            var foundDossier = found is null ? null : await query.LoadAsync<PatientExams>(found.PatientId, ct);
            match = (foundDossier, found is null ? null : foundDossier?.Exam(found.Id));
            known.Exams[(study, index.AccessionNumber)] = match;
        }

        var (dossier, exam) = match;
        if (dossier is null || exam is null)
        {
            return Fail(NotAuthorized, "No exam of this establishment has this study instance UID or accession number.");
        }

        PatientLink? link = null;
        if (index.PatientId is { } ipp && !known.Links.TryGetValue(ipp, out link))
        {
            link = await query.LoadAsync<PatientLink>(PatientLink.ByLocalId(establishmentId, ipp), ct);
            known.Links[ipp] = link;
        }

        if (link?.PatientId != dossier.Id)
        {
            return Fail(NotAuthorized, "The instance's patient ID is not the exam's patient at this establishment.");
        }

        if (sopClass == EncapsulatedPdfStorage)
        {
            return await AcceptReport(query, part, index, dossier.Id, exam, reports, ct);
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
        var instance = new StoredInstance
        {
            Id = sop, PatientId = dossier.Id, ExamId = exam.ExamId, EstablishmentId = establishmentId, StudyInstanceUid = study,
            SeriesInstanceUid = series, SopClassUid = sopClass, Blob = blob, Size = part.Length,
        };
        instance.Describe(index);
        fresh.Add(instance);
        return new StowOutcome(sopClass, sop, study, null, null);
    }

    private async Task<StowOutcome> AcceptReport(IQuerySession query, byte[] part, DicomIndex index, Guid patientId, PatientExam exam,
        List<ReportDocument> reports, CancellationToken ct)
    {
        StowOutcome Fail(int reason, string why) => new(index.SopClassUid, index.SopInstanceUid, index.StudyInstanceUid, reason, why);
        StowOutcome Done() => new(index.SopClassUid, index.SopInstanceUid, index.StudyInstanceUid, null, null);

        var id = ReportIdOf(exam.EstablishmentId, index.SopInstanceUid!);
        if (reports.Exists(r => r.Id == id))
        {
            return Done(); // twice in one request
        }

        if (await query.LoadAsync<ReportDocument>(id, ct) is { } known)
        {
            return known.ExamId == exam.ExamId ? Done() : Fail(NotAuthorized, "This SOP instance UID was already received for another exam.");
        }

        if (await query.LoadAsync<StoredInstance>(index.SopInstanceUid!, ct) is not null)
        {
            return Fail(NotAuthorized, "This SOP instance UID was already received as an image.");
        }

        EncapsulatedDocument? document;
        try
        {
            document = DicomReader.ReadEncapsulatedDocument(part);
        }
        catch (DicomParseException e)
        {
            return Fail(CannotUnderstand, e.Message);
        }

        if (document is null)
        {
            return Fail(DoesNotMatch, "An Encapsulated PDF instance must carry its document in (0042,0011).");
        }

        if (document.MimeType is { } mime && !mime.Equals("application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(DoesNotMatch, $"An Encapsulated PDF instance must carry application/pdf, not {mime}.");
        }

        try
        {
            ReportUpload.Check(document.Bytes);
        }
        catch (DomainException e)
        {
            return Fail(DoesNotMatch, e.Message);
        }

        reports.Add(ReportUpload.New(id, patientId, exam, await blobs.Put(document.Bytes, ct), document.Bytes.Length));
        return Done();
    }
}
