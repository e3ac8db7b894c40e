using System.Collections.Immutable;
using EMage.Domain.Dossiers;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EMage.Projections.Dossiers;

public sealed record PatientExam(
    Guid ExamId,
    Guid EstablishmentId,
    string EstablishmentName,
    string Label,
    string Modality,
    DateTimeOffset PerformedAt,
    string AccessionNumber,
    string StudyInstanceUid,
    Guid? ReportId,
    int SeriesCount,
    int InstanceCount,
    DateTimeOffset PublishedAt);

/// <summary>The patient's exams with their reports and images: the "Examens" screen and the viewer.</summary>
public sealed record PatientExams(Guid Id, string FamilyName, string GivenNames, DateOnly BirthDate, ImmutableList<PatientExam> Exams)
{
    public PatientExam? Exam(Guid examId) => Exams.Find(e => e.ExamId == examId);

    public PatientExams With(Guid examId, Func<PatientExam, PatientExam> change) =>
        Exam(examId) is { } exam ? this with { Exams = Exams.Replace(exam, change(exam)) } : this;
}

public sealed partial class PatientExamsProjection : SingleStreamProjection<PatientExams, Guid>
{
    public PatientExamsProjection()
    {
        IncludeType<DossierCreated>();
        IncludeType<ExamPublished>();
        IncludeType<ReportAttached>();
        IncludeType<ImagesReceived>();
    }

    public override PatientExams? Evolve(PatientExams? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (_, DossierCreated c) => new PatientExams(id, c.FamilyName, c.GivenNames, c.BirthDate, snapshot?.Exams ?? []),
        (null, _) => null,
        (_, ExamPublished p) => snapshot with
        {
            Exams = snapshot.Exams.Add(new PatientExam(p.ExamId, p.EstablishmentId, p.EstablishmentName, p.Label, p.Modality,
                p.PerformedAt, p.AccessionNumber, p.StudyInstanceUid, null, 0, 0, p.PublishedAt))
                .Sort((a, b) => b.PerformedAt.CompareTo(a.PerformedAt)),
        },
        (_, ReportAttached r) => snapshot.With(r.ExamId, x => x with { ReportId = r.ReportId }),
        (_, ImagesReceived i) => snapshot.With(i.ExamId, x => x with
        {
            SeriesCount = x.SeriesCount + i.SeriesCount, InstanceCount = x.InstanceCount + i.InstanceCount,
        }),
        _ => snapshot,
    };
}
