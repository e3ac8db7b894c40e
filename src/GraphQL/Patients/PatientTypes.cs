using EMage.Domain.Dossiers;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using GraphQL.Types;

namespace EMage.GraphQL.Patients;

public sealed class DocumentKindType : EnumerationGraphType<DocumentKind>
{
    public DocumentKindType()
    {
        Name = "DocumentKind";
        Description = "A report (compte rendu, PDF) or the images (DICOM) of an exam.";
    }
}

public sealed class AccessBasisType : EnumerationGraphType<AccessBasis>
{
    public AccessBasisType()
    {
        Name = "AccessBasis";
        Description = "Why someone may open, or did open, a dossier.";
    }
}

public sealed class AccessActionType : EnumerationGraphType<AccessAction>
{
    public AccessActionType()
    {
        Name = "AccessAction";
        Description = "What a row of the history records.";
    }
}

public sealed class NewDocumentType : ObjectGraphType<NewDocument>
{
    public NewDocumentType()
    {
        Name = "NewDocument";
        Description = "A document published since the patient last saw it (home page).";
        Field(x => x.ExamId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The exam it belongs to.");
        Field(x => x.Kind, type: typeof(NonNullGraphType<DocumentKindType>)).Description("Report or images.");
        Field(x => x.ExamLabel).Description("The exam's label.");
        Field(x => x.EstablishmentName).Description("Where the exam was performed.");
        Field(x => x.AvailableAt).Description("When the document became available.");
    }
}

public sealed class ExamType : ObjectGraphType<PatientExam>
{
    public ExamType()
    {
        Name = "Exam";
        Description = "An imaging exam with its report and images.";
        Field("id", x => x.ExamId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The exam's id.");
        Field(x => x.Label).Description("The exam's label, e.g. \"Scanner thoracique\".");
        Field(x => x.Modality).Description("The DICOM modality (CT, MR, CR, US, ...).");
        Field(x => x.PerformedAt).Description("When the exam was performed.");
        Field(x => x.EstablishmentId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The establishment that performed it.");
        Field(x => x.EstablishmentName).Description("The establishment's name.");
        Field(x => x.AccessionNumber).Description("The establishment's accession number.");
        Field(x => x.StudyInstanceUid).Description("The DICOM study instance UID.");
        Field<NonNullGraphType<BooleanGraphType>>("hasReport").Description("Whether a report is available.")
            .Resolve(ctx => ctx.Source.ReportId is not null);
        Field<StringGraphType>("reportUrl").Description("Where the report PDF is read (inline), or downloaded with ?download=true.")
            .Resolve(ctx => ctx.Source.ReportId is { } id ? $"/api/reports/{id}" : null);
        Field(x => x.SeriesCount).Description("Image series received.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImageSeriesType>>>>("series").Description("The image series, for the viewer.")
            .ResolveAsync(async ctx => await ExamSeries.For(ctx, ctx.Source.ExamId));
        Field(x => x.InstanceCount).Description("Images (instances) received.");
    }
}

public sealed class ProfessionalWithAccessType : ObjectGraphType<ProfessionalWithAccess>
{
    public ProfessionalWithAccessType()
    {
        Name = "ProfessionalWithAccess";
        Description = "A professional who MAY open the dossier, and on which basis (\"Professionnels\" tab).";
        Field(x => x.ProfessionalId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The professional's id.");
        Field(x => x.FamilyName).Description("Family name.");
        Field(x => x.GivenName).Description("Given name.");
        Field(x => x.Rpps).Description("RPPS number.");
        Field(x => x.Profession).Description("Profession, e.g. Médecin.");
        Field(x => x.Specialty).Description("Specialty, e.g. Radiologie.");
        Field(x => x.Basis, type: typeof(NonNullGraphType<AccessBasisType>)).Description("Why this professional may open the dossier.");
        Field(x => x.Institution).Description("The establishment, or the platform.");
        Field(x => x.AuthorisedSince).Description("\"Autorisé depuis le ...\".");
        Field(x => x.Temporary).Description("\"Accès temporaire\": a break-glass grant.");
        Field(x => x.TemporaryUntil, nullable: true).Description("When a temporary access ends.");
    }
}

public sealed class AccessHistoryEntryType : ObjectGraphType<AccessHistoryEntry>
{
    public AccessHistoryEntryType()
    {
        Name = "AccessHistoryEntry";
        Description = "An opening of the dossier, or a use of a share (\"Historique\" tab).";
        Field(x => x.Action, type: typeof(NonNullGraphType<AccessActionType>)).Description("What happened: an opening of the dossier, or of a share's link.");
        Field(x => x.OpenedAt).Description("When.");
        Field(x => x.ActorName).Description("Who: a professional's name, or a share recipient's e-mail.");
        Field(x => x.Basis, type: typeof(NonNullGraphType<AccessBasisType>)).Description("On which basis.");
        Field(x => x.ExamId, type: typeof(IdGraphType)).Description("The exam opened, if one was.");
        Field(x => x.ExamLabel, nullable: true).Description("Its label.");
        Field(x => x.Cursor).Description("Pass as `after` to list the entries older than this one.");
    }
}

public sealed class AccessHistoryConnectionType : ObjectGraphType<AccessHistoryPage>
{
    public AccessHistoryConnectionType()
    {
        Name = "AccessHistoryConnection";
        Description = "A page of the history, newest first.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AccessHistoryEntryType>>>>("nodes").Description("The entries of this page.")
            .Resolve(ctx => ctx.Source.Entries);
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Description("Whether older entries follow.").Resolve(ctx => ctx.Source.HasNextPage);
        Field<StringGraphType>("endCursor").Description("Pass as `after` for the next page.").Resolve(ctx => ctx.Source.EndCursor);
    }
}

public sealed class EstablishmentType : ObjectGraphType<DirectoryRow>
{
    public EstablishmentType()
    {
        Name = "Establishment";
        Description = "An establishment sharing its patients' imaging on the platform.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The establishment's id.").Resolve(ctx => ctx.Source.Establishment.Id);
        Field<NonNullGraphType<StringGraphType>>("finess").Description("FINESS number.").Resolve(ctx => ctx.Source.Establishment.Finess);
        Field<NonNullGraphType<StringGraphType>>("name").Description("Name.").Resolve(ctx => ctx.Source.Establishment.Name);
        Field<NonNullGraphType<StringGraphType>>("city").Description("City.").Resolve(ctx => ctx.Source.Establishment.City);
        Field<NonNullGraphType<BooleanGraphType>>("holdsMyExams").Description("Whether it holds exams of the signed-in patient.")
            .Resolve(ctx => ctx.Source.HoldsMyExams);
    }
}
