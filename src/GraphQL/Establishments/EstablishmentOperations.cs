using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;
using EMage.GraphQL.Patients;
using EMage.GraphQL.Schema;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Professionals;
using GraphQL;
using GraphQL.Types;
using Marten;

namespace EMage.GraphQL.Establishments;

public sealed class SexType : EnumerationGraphType<Sex>
{
    public SexType()
    {
        Name = "Sex";
        Description = "The patient's sex as the establishment recorded it.";
    }
}

public sealed class StaffRoleType : EnumerationGraphType<StaffRole>
{
    public StaffRoleType()
    {
        Name = "StaffRole";
        Description = "A professional's role in an establishment.";
    }
}

public sealed class PublishExamInput
{
    public string LocalPatientId { get; set; } = "";
    public string FamilyName { get; set; } = "";
    public string GivenNames { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public Sex Sex { get; set; }
    public string? Email { get; set; }
    public string? Ins { get; set; }
    public string Label { get; set; } = "";
    public string Modality { get; set; } = "";
    public DateTimeOffset PerformedAt { get; set; }
    public string AccessionNumber { get; set; } = "";
    public string StudyInstanceUid { get; set; } = "";
    public List<Guid> CorrespondentIds { get; set; } = [];
}

public sealed class PublishExamInputType : InputObjectGraphType<PublishExamInput>
{
    public PublishExamInputType()
    {
        Name = "PublishExamInput";
        Description = "An exam to publish, with the patient it belongs to.";
        Field(x => x.LocalPatientId).Description("The establishment's own patient id (IPP).");
        Field(x => x.FamilyName).Description("The patient's family name.");
        Field(x => x.GivenNames).Description("The patient's given names.");
        Field(x => x.BirthDate, type: typeof(NonNullGraphType<DateOnlyGraphType>)).Description("The patient's birth date.");
        Field(x => x.Sex, type: typeof(NonNullGraphType<SexType>)).Description("The patient's sex.");
        Field(x => x.Email, nullable: true).Description("The patient's e-mail, if collected: the patient then gets an account.");
        Field(x => x.Ins, nullable: true).Description("The patient's INS, if known: it finds the patient across establishments.");
        Field(x => x.Label).Description("The exam's label.");
        Field(x => x.Modality).Description("The DICOM modality.");
        Field(x => x.PerformedAt).Description("When the exam was performed.");
        Field(x => x.AccessionNumber).Description("The establishment's accession number.");
        Field(x => x.StudyInstanceUid).Description("The DICOM study instance UID.");
        Field(x => x.CorrespondentIds, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>))
            .Description("The professionals declared as correspondents.");
    }
}

public sealed record PublishedExam(Guid PatientId, Guid ExamId);

public sealed class StaffMemberType : ObjectGraphType<StaffEntry>
{
    public StaffMemberType()
    {
        Name = "StaffMember";
        Description = "A professional's role in the establishment, and since when.";
        Field(x => x.ProfessionalId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The professional.");
        Field(x => x.Role, type: typeof(NonNullGraphType<StaffRoleType>)).Description("The role.");
        Field(x => x.Since).Description("Since when.");
    }
}

public sealed class PublishedExamType : ObjectGraphType<PublishedExam>
{
    public PublishedExamType()
    {
        Name = "PublishedExam";
        Description = "Where a published exam landed.";
        Field(x => x.PatientId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The patient's dossier.");
        Field(x => x.ExamId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The exam.");
    }
}

public sealed class EstablishmentExamType : ObjectGraphType<EstablishmentExam>
{
    public EstablishmentExamType()
    {
        Name = "EstablishmentExam";
        Description = "One of the establishment's own exams, with its patient.";
        Field(x => x.PatientId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The patient's dossier.");
        Field(x => x.FamilyName).Description("The patient's family name.");
        Field(x => x.GivenNames).Description("The patient's given names.");
        Field(x => x.BirthDate, type: typeof(NonNullGraphType<DateOnlyGraphType>)).Description("The patient's birth date.");
        Field<NonNullGraphType<ExamType>>("exam").Description("The exam.").Resolve(ctx => ctx.Source.Exam);
    }
}

public sealed class EstablishmentExamConnectionType : ObjectGraphType<EstablishmentExamPage>
{
    public EstablishmentExamConnectionType()
    {
        Name = "EstablishmentExamConnection";
        Description = "A page of the establishment's exams, most recently published first.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EstablishmentExamType>>>>("nodes").Description("The exams of this page.")
            .Resolve(ctx => ctx.Source.Exams);
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Description("Whether older exams follow.").Resolve(ctx => ctx.Source.HasNextPage);
        Field<StringGraphType>("endCursor").Description("Pass as `after` for the next page.").Resolve(ctx => ctx.Source.EndCursor);
    }
}

/// <summary>What an establishment's API client does: only ever on its own establishment and its own exams.</summary>
public static class EstablishmentOperations
{
    private static async Task<IReadOnlyList<StaffEntry>> Staff(IResolveFieldContext ctx, Guid establishment)
    {
        await using var session = ctx.Service<IDocumentStore>().QuerySession();
        return (await session.LoadAsync<EstablishmentStaffDocument>(establishment, ctx.CancellationToken))?.Facts.Staff ?? [];
    }

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<EstablishmentExamConnectionType>>("establishmentExams")
            .Description("The exams this establishment published, most recently published first, a page at a time.")
            .Argument<NonNullGraphType<IntGraphType>>("first", arg => { arg.Description = $"Exams per page (1-{EstablishmentQueries.MaxPageSize})."; arg.DefaultValue = 50; })
            .Argument<StringGraphType>("after", "The endCursor of the previous page.")
            .ResolveAsync(async ctx =>
            {
                var establishment = ctx.MyEstablishment();
                var after = ctx.GetArgument<string?>("after");
                var page = await ctx.Service<EstablishmentQueries>().Exams(establishment, ctx.GetArgument<int>("first"), after, ctx.CancellationToken);
                await ctx.Service<EstablishmentReads>().Record(establishment, $"exams:{after}", [.. page.Exams.Select(x => x.PatientId)],
                    ctx.EstablishmentCommand(establishment), ctx.CancellationToken);
                return page;
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AccessHistoryEntryType>>>>("establishmentOpenings")
            .Description("The latest openings by professionals of this establishment's exams, and of its patients' dossiers as a whole; not of exams made elsewhere, nor the patients' shares.")
            .Argument<NonNullGraphType<IntGraphType>>("first", arg => { arg.Description = "How many (1-100)."; arg.DefaultValue = 50; })
            .Argument<StringGraphType>("after", "The cursor of the last entry of the previous page: the entries older than it.")
            .ResolveAsync(async ctx =>
            {
                var establishment = ctx.MyEstablishment();
                var openings = await ctx.Service<EstablishmentQueries>().Openings(establishment, ctx.GetArgument<int>("first"),
                    ctx.GetArgument<string?>("after"), ctx.CancellationToken);
                await ctx.Service<EstablishmentReads>().Record(establishment, $"openings:{(openings.Count > 0 ? openings[0].Sequence : 0)}",
                    [.. openings.Select(o => o.PatientId)], ctx.EstablishmentCommand(establishment), ctx.CancellationToken);
                return openings;
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<IdGraphType>>("registerProfessional")
            .Description("Registers a professional by RPPS (or answers the id of the one already registered with it).")
            .Argument<NonNullGraphType<StringGraphType>>("rpps", "RPPS number (11 digits).")
            .Argument<NonNullGraphType<StringGraphType>>("familyName", "Family name.")
            .Argument<NonNullGraphType<StringGraphType>>("givenName", "Given name.")
            .Argument<NonNullGraphType<StringGraphType>>("profession", "Profession, e.g. Médecin.")
            .Argument<StringGraphType>("specialty", "Specialty, e.g. Radiologie.")
            .ResolveAsync(async ctx =>
            {
                var establishment = ctx.MyEstablishment();
                var rpps = ctx.GetArgument<string>("rpps");
                await using (var session = ctx.Service<IDocumentStore>().QuerySession())
                {
                    if (await session.Query<ProfessionalDirectoryEntry>().FirstOrDefaultAsync(p => p.Rpps == rpps, ctx.CancellationToken) is { } known)
                    {
                        return known.Id;
                    }
                }

                var id = Guid.CreateVersion7();
                await ctx.Service<ProfessionalHandler>().Register(id, rpps, ctx.GetArgument<string>("familyName"), ctx.GetArgument<string>("givenName"),
                    ctx.GetArgument<string>("profession"), ctx.GetArgument<string?>("specialty") ?? "", ctx.EstablishmentCommand(establishment), ctx.CancellationToken);
                return id;
            });

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StaffMemberType>>>>("appointStaff")
            .Description("Makes a registered professional a radiologist or an administrator of this establishment. Answers the staff.")
            .Argument<NonNullGraphType<IdGraphType>>("professionalId", "The professional.")
            .Argument<NonNullGraphType<StaffRoleType>>("role", "The role.")
            .ResolveAsync(async ctx =>
            {
                var establishment = ctx.MyEstablishment();
                await ctx.Service<EstablishmentHandler>().AppointStaff(establishment, ctx.GetArgument<Guid>("professionalId"),
                    ctx.GetArgument<StaffRole>("role"), ctx.EstablishmentCommand(establishment), ctx.CancellationToken);
                return await Staff(ctx, establishment);
            });

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StaffMemberType>>>>("removeStaff")
            .Description("Ends a professional's role in this establishment: the lists of all its patients change at once. Answers the staff.")
            .Argument<NonNullGraphType<IdGraphType>>("professionalId", "The professional.")
            .Argument<NonNullGraphType<StaffRoleType>>("role", "The role.")
            .ResolveAsync(async ctx =>
            {
                var establishment = ctx.MyEstablishment();
                await ctx.Service<EstablishmentHandler>().RemoveStaff(establishment, ctx.GetArgument<Guid>("professionalId"),
                    ctx.GetArgument<StaffRole>("role"), ctx.EstablishmentCommand(establishment), ctx.CancellationToken);
                return await Staff(ctx, establishment);
            });

        mutation.Field<NonNullGraphType<PublishedExamType>>("publishExam")
            .Description("Publishes an exam for a patient; the first exam creates the dossier. Re-publishing a study answers the same exam.")
            .Argument<NonNullGraphType<PublishExamInputType>>("input", "The exam and its patient.")
            .ResolveAsync(async ctx =>
            {
                var establishment = ctx.MyEstablishment();
                var i = ctx.GetArgument<PublishExamInput>("input");
                var (patientId, examId) = await ctx.Service<PublicationHandler>().Publish(establishment, new EstablishmentPublication(
                    i.LocalPatientId, new PatientIdentity(i.FamilyName, i.GivenNames, i.BirthDate, i.Sex, i.Email, i.Ins), i.Label, i.Modality,
                    i.PerformedAt, i.AccessionNumber, i.StudyInstanceUid, i.CorrespondentIds), ctx.EstablishmentCommand(establishment), ctx.CancellationToken);
                return new PublishedExam(patientId, examId);
            });
    }
}
