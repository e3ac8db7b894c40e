using EMage.GraphQL.Loading;
using EMage.GraphQL.Schema;
using EMage.Projections.Imaging;
using GraphQL;
using GraphQL.Types;
using Marten;

namespace EMage.GraphQL.Patients;

public sealed record ImageSeries(string StudyInstanceUid, string SeriesInstanceUid, string? Modality, int InstanceCount);

public sealed class ImageSeriesType : ObjectGraphType<ImageSeries>
{
    public ImageSeriesType()
    {
        Name = "ImageSeries";
        Description = "A series of images of an exam, as the viewer loads it through DICOMweb.";
        Field(x => x.StudyInstanceUid).Description("The DICOM study instance UID.");
        Field(x => x.SeriesInstanceUid).Description("The DICOM series instance UID.");
        Field(x => x.Modality, nullable: true).Description("The modality of the series.");
        Field(x => x.InstanceCount).Description("How many images.");
        Field<NonNullGraphType<StringGraphType>>("instancesUrl").Description("The QIDO-RS list of its instances, with their WADO-RS URLs.")
            .Resolve(ctx => $"/dicomweb/studies/{ctx.Source.StudyInstanceUid}/series/{ctx.Source.SeriesInstanceUid}/instances");
    }
}

/// <summary>The series of exams, loaded for a whole list of exams at once.</summary>
public static class ExamSeries
{
    private const string LoaderKey = "emage.loader.series";

    public static Task<IReadOnlyList<ImageSeries>> For(IResolveFieldContext ctx, Guid examId)
    {
        var user = ctx.User();
        if (!user.TryGetValue(LoaderKey, out var existing) || existing is not BatchLoader<Guid, ImageSeries> loader)
        {
            var store = ctx.Service<IDocumentStore>();
            loader = new BatchLoader<Guid, ImageSeries>(async (exams, ct) =>
            {
                await using var session = store.QuerySession();
                var ids = exams.ToArray();
                var instances = await session.Query<StoredInstance>().Where(i => ids.Contains(i.ExamId)).ToListAsync(ct);
                return instances
                    .GroupBy(i => (i.ExamId, i.StudyInstanceUid, i.SeriesInstanceUid))
                    .OrderBy(g => g.Key.SeriesInstanceUid, StringComparer.Ordinal)
                    .ToLookup(g => g.Key.ExamId, g => new ImageSeries(g.Key.StudyInstanceUid, g.Key.SeriesInstanceUid, g.First().Modality, g.Count()));
            });
            user[LoaderKey] = loader;
        }

        return loader.Load(examId, ctx.CancellationToken);
    }
}
