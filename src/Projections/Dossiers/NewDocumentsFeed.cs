using System.Collections.Immutable;
using EMage.Domain.Dossiers;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EMage.Projections.Dossiers;

public sealed record NewDocument(Guid ExamId, DocumentKind Kind, string ExamLabel, string EstablishmentName, DateTimeOffset AvailableAt);

public sealed record FeedExam(Guid ExamId, string Label, string EstablishmentName);

/// <summary>
/// The home page ("Accueil"): documents published since the patient last saw them (rule 9).
/// <see cref="Exams"/> keeps the labels that arriving documents are shown with.
/// </summary>
public sealed record NewDocumentsFeed(Guid Id, ImmutableList<FeedExam> Exams, ImmutableList<NewDocument> Documents)
{
    public IEnumerable<NewDocument> Newest => Documents.OrderByDescending(d => d.AvailableAt);
}

public sealed partial class NewDocumentsFeedProjection : SingleStreamProjection<NewDocumentsFeed, Guid>
{
    public NewDocumentsFeedProjection()
    {
        IncludeType<ExamPublished>();
        IncludeType<ReportAttached>();
        IncludeType<ImagesReceived>();
        IncludeType<DocumentSeen>();
    }

    public override NewDocumentsFeed? Evolve(NewDocumentsFeed? snapshot, Guid id, IEvent e)
    {
        snapshot ??= new NewDocumentsFeed(id, [], []);
        return e.Data switch
        {
            ExamPublished p => snapshot with { Exams = snapshot.Exams.Add(new FeedExam(p.ExamId, p.Label, p.EstablishmentName)) },
            ReportAttached r => Arrived(snapshot, r.ExamId, DocumentKind.Report, r.AttachedAt),
            ImagesReceived i => Arrived(snapshot, i.ExamId, DocumentKind.Images, i.ReceivedAt),
            DocumentSeen s => snapshot with { Documents = snapshot.Documents.RemoveAll(d => d.ExamId == s.ExamId && d.Kind == s.Kind) },
            _ => snapshot,
        };
    }

    private static NewDocumentsFeed Arrived(NewDocumentsFeed feed, Guid examId, DocumentKind kind, DateTimeOffset at)
    {
        var exam = feed.Exams.Find(x => x.ExamId == examId);
        if (exam is null || feed.Documents.Exists(d => d.ExamId == examId && d.Kind == kind))
        {
            return feed;
        }

        return feed with { Documents = feed.Documents.Add(new NewDocument(examId, kind, exam.Label, exam.EstablishmentName, at)) };
    }
}
