using System.Collections.Immutable;

namespace EMage.Domain.Dossiers;

public sealed record Exam(
    Guid Id,
    Guid EstablishmentId,
    string Label,
    string AccessionNumber,
    string StudyInstanceUid,
    ImmutableHashSet<Guid> Correspondents,
    Guid? ReportId,
    int Instances);

public sealed record Grant(Guid GrantId, Guid ProfessionalId, DateTimeOffset ExpiresAt);

/// <summary>The write-side state of a dossier stream.</summary>
public sealed record Dossier(
    Guid PatientId,
    bool Exists,
    ImmutableDictionary<Guid, Exam> Exams,
    ImmutableDictionary<Guid, Grant> ActiveGrants,
    ImmutableHashSet<(Guid ExamId, DocumentKind Kind)> Unseen)
{
    public static readonly Dossier Initial = new(Guid.Empty, false, ImmutableDictionary<Guid, Exam>.Empty,
        ImmutableDictionary<Guid, Grant>.Empty, []);

    public IEnumerable<Guid> Establishments => Exams.Values.Select(e => e.EstablishmentId).Distinct();

    public static Dossier Evolve(Dossier state, object @event) => @event switch
    {
        DossierCreated e => state with { PatientId = e.PatientId, Exists = true },
        ExamPublished e => state with
        {
            Exams = state.Exams.SetItem(e.ExamId, new Exam(e.ExamId, e.EstablishmentId, e.Label, e.AccessionNumber,
                e.StudyInstanceUid, [.. e.Correspondents], null, 0)),
        },
        ReportAttached e => state with
        {
            Exams = state.Exams.SetItem(e.ExamId, state.Exams[e.ExamId] with { ReportId = e.ReportId }),
            Unseen = state.Unseen.Add((e.ExamId, DocumentKind.Report)),
        },
        ImagesReceived e => state with
        {
            Exams = state.Exams.SetItem(e.ExamId, state.Exams[e.ExamId] with { Instances = state.Exams[e.ExamId].Instances + e.InstanceCount }),
            Unseen = state.Unseen.Add((e.ExamId, DocumentKind.Images)),
        },
        CorrespondentDeclared e => state with
        {
            Exams = state.Exams.SetItem(e.ExamId, state.Exams[e.ExamId] with
            {
                Correspondents = state.Exams[e.ExamId].Correspondents.Add(e.ProfessionalId),
            }),
        },
        DocumentSeen e => state with { Unseen = state.Unseen.Remove((e.ExamId, e.Kind)) },
        BreakGlassGranted e => state with
        {
            ActiveGrants = state.ActiveGrants.SetItem(e.GrantId, new Grant(e.GrantId, e.ProfessionalId, e.ExpiresAt)),
        },
        BreakGlassExpired e => state with { ActiveGrants = state.ActiveGrants.Remove(e.GrantId) },
        _ => state,
    };
}
