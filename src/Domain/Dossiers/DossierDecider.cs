using System.Text.RegularExpressions;
using EMage.Domain.Accounts;
using EMage.Domain.BreakGlass;
using EMage.Domain.Common;

namespace EMage.Domain.Dossiers;

/// <summary>Decides the events of a dossier command. Pure.</summary>
public static partial class DossierDecider
{
    public static readonly IReadOnlySet<string> Modalities = new HashSet<string>(StringComparer.Ordinal)
    {
        "CR", "CT", "DX", "MG", "MR", "NM", "OT", "PT", "RF", "US", "XA", "IO", "PX", "BMD", "DOC",
    };

    /// <summary>The answer to any failed opening, whether or not the dossier exists.</summary>
    public static DomainException NotAuthorised() =>
        new("NOT_AUTHORISED", "You are not authorised to open this dossier.");

    public static IReadOnlyList<object> Decide(DossierCommand command, Dossier state) => (command, state) switch
    {
        (PublishExam c, _) => Publish(c, state),
        (OpenDossier c, _) => Open(c, state),
        (GrantBreakGlass c, _) => BreakGlassRules.Grant(c, state),
        (OpenSharedExam c, _) => OpenShared(c, state),
        (_, { Exists: false }) => throw new DomainException("DOSSIER_NOT_FOUND", "No such dossier."),
        (ExpireBreakGlass c, _) => BreakGlassRules.Expire(c, state),
        (AttachReport c, _) when ExamOf(state, c.ExamId).ReportId == c.ReportId => [],
        (AttachReport c, _) => [new ReportAttached(c.PatientId, c.ExamId, c.ReportId, c.Now)],
        (ReceiveImages { InstanceCount: <= 0 } or ReceiveImages { SeriesCount: < 0 }, _) =>
            throw new DomainException("BAD_IMAGES", "Images come as at least one new instance, in new series or known ones."),
        (ReceiveImages c, _) => Receive(c, ExamOf(state, c.ExamId)),
        (DeclareCorrespondent { ProfessionalKnown: false }, _) =>
            throw new DomainException("PROFESSIONAL_NOT_FOUND", "No such professional."),
        (DeclareCorrespondent c, _) when ExamOf(state, c.ExamId).Correspondents.Contains(c.ProfessionalId) => [],
        (DeclareCorrespondent c, _) => [new CorrespondentDeclared(c.PatientId, c.ExamId, c.ProfessionalId, c.Now)],
        (MarkDocumentSeen c, _) when !state.Unseen.Contains((c.ExamId, c.Kind)) => [],
        (MarkDocumentSeen c, _) => [new DocumentSeen(c.PatientId, c.ExamId, c.Kind, c.Now)],
        _ => throw new DomainException("UNSUPPORTED_COMMAND", $"{command.GetType().Name} is not a dossier command."),
    };

    private static Exam ExamOf(Dossier state, Guid examId) =>
        state.Exams.GetValueOrDefault(examId) ?? throw new DomainException("EXAM_NOT_FOUND", "No such exam in this dossier.");

    private static IReadOnlyList<object> Receive(ReceiveImages c, Exam exam) =>
        [new ImagesReceived(c.PatientId, exam.Id, c.SeriesCount, c.InstanceCount, c.Now)];

    private static IReadOnlyList<object> Publish(PublishExam c, Dossier state)
    {
        if (state.Exams.TryGetValue(c.ExamId, out var existing))
        {
            return existing.StudyInstanceUid == c.StudyInstanceUid && existing.EstablishmentId == c.EstablishmentId
                ? []
                : throw new DomainException("EXAM_EXISTS", "An exam with this id was already published differently.");
        }

        if (state.Exams.Values.Any(e => e.StudyInstanceUid == c.StudyInstanceUid))
        {
            throw new DomainException("STUDY_EXISTS", "This study was already published for this patient.");
        }

        Validate(c);
        var events = new List<object>(2);
        if (!state.Exists)
        {
            var p = c.Patient;
            events.Add(new DossierCreated(c.PatientId, p.FamilyName.Trim(), p.GivenNames.Trim(), p.BirthDate, p.Sex,
                p.Email is null ? null : AccountRules.NormalizeEmail(p.Email), p.Ins, c.Now));
        }

        events.Add(new ExamPublished(c.PatientId, c.ExamId, c.EstablishmentId, c.EstablishmentName, c.Label.Trim(), c.Modality,
            c.PerformedAt, c.AccessionNumber.Trim(), c.StudyInstanceUid, [.. c.Correspondents.Distinct()], c.Now));
        return events;
    }

    private static void Validate(PublishExam c)
    {
        var p = c.Patient;
        if (string.IsNullOrWhiteSpace(p.FamilyName) || string.IsNullOrWhiteSpace(p.GivenNames))
        {
            throw new DomainException("INVALID_PATIENT", "The patient needs a family name and given names.");
        }

        if (p.BirthDate > DateOnly.FromDateTime(c.Now.UtcDateTime) || p.BirthDate.Year < 1880)
        {
            throw new DomainException("INVALID_PATIENT", "The birth date is not plausible.");
        }

        if (p.Ins is not null && !Identifiers.IsValidIns(p.Ins))
        {
            throw new DomainException("INVALID_INS", "The INS is not valid (15 characters, key = 97 - NIR mod 97).");
        }

        if (p.Email is not null)
        {
            AccountRules.EnsureEmail(AccountRules.NormalizeEmail(p.Email));
        }

        if (string.IsNullOrWhiteSpace(c.Label) || c.Label.Length > 200)
        {
            throw new DomainException("INVALID_EXAM", "An exam needs a label of at most 200 characters.");
        }

        if (!Modalities.Contains(c.Modality))
        {
            throw new DomainException("INVALID_MODALITY", $"Unknown modality '{c.Modality}'.");
        }

        if (!StudyUid().IsMatch(c.StudyInstanceUid))
        {
            throw new DomainException("INVALID_STUDY_UID", "A study instance UID is digits and dots, at most 64 characters.");
        }

        if (string.IsNullOrWhiteSpace(c.AccessionNumber) || c.AccessionNumber.Length > 16)
        {
            throw new DomainException("INVALID_ACCESSION_NUMBER", "An accession number has 1 to 16 characters.");
        }

        if (c.PerformedAt > c.Now)
        {
            throw new DomainException("INVALID_EXAM", "An exam cannot be performed in the future.");
        }

        if (!c.CorrespondentsKnown)
        {
            throw new DomainException("PROFESSIONAL_NOT_FOUND", "A declared correspondent is not a registered professional.");
        }
    }

    private static IReadOnlyList<object> Open(OpenDossier c, Dossier state)
    {
        var basis = AccessRules.BasisFor(state, c.ProfessionalId, c.Facts, c.Now);
        if (basis is null)
        {
            return [new DossierAccessRefused(c.ProfessionalId, c.PatientId, c.Now)];
        }

        string? label = null;
        if (c.ExamId is { } examId)
        {
            label = state.Exams.TryGetValue(examId, out var exam) ? exam.Label : throw NotAuthorised();
        }

        return [new DossierOpened(c.PatientId, c.ProfessionalId, c.ProfessionalName, basis.Basis, basis.EstablishmentId, c.ExamId, label, c.Now)];
    }

    /// <summary>
    /// An opening on the basis of a share (rule 5): only of the shared exam, of this patient, while
    /// the share opens; the share stands for the actor (the recipient has no account), named by the
    /// recipient's address as in the history of the share's uses.
    /// </summary>
    private static IReadOnlyList<object> OpenShared(OpenSharedExam c, Dossier state)
    {
        var share = c.Share;
        if (!state.Exists || !share.OpensAt(c.Now) || share.PatientId != c.PatientId || !state.Exams.TryGetValue(share.ExamId, out var exam))
        {
            throw NotAuthorised();
        }

        return [new DossierOpened(c.PatientId, share.Id, share.Recipient, AccessBasis.Share, exam.EstablishmentId, exam.Id, exam.Label, c.Now)];
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)*$")]
    private static partial Regex StudyUidPattern();

    private static Regex StudyUid() => StudyUidPattern();
}
