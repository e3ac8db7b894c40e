using EMage.GraphQL.Patients;
using EMage.GraphQL.Schema;
using EMage.Projections.Dossiers;
using GraphQL;
using GraphQL.Types;
using Marten;

namespace EMage.GraphQL.Professionals;

public sealed record OpenedDossier(PatientExams Dossier, Domain.Dossiers.AccessBasis Basis);

public sealed class DossierType : ObjectGraphType<OpenedDossier>
{
    public DossierType()
    {
        Name = "Dossier";
        Description = "A patient's imaging dossier, as a professional opened it.";
        Field<NonNullGraphType<IdGraphType>>("patientId").Description("The patient.").Resolve(ctx => ctx.Source.Dossier.Id);
        Field<NonNullGraphType<StringGraphType>>("familyName").Description("The patient's family name.").Resolve(ctx => ctx.Source.Dossier.FamilyName);
        Field<NonNullGraphType<StringGraphType>>("givenNames").Description("The patient's given names.").Resolve(ctx => ctx.Source.Dossier.GivenNames);
        Field<NonNullGraphType<DateOnlyGraphType>>("birthDate").Description("The patient's birth date.").Resolve(ctx => ctx.Source.Dossier.BirthDate);
        Field<NonNullGraphType<AccessBasisType>>("basis").Description("The basis this opening was recorded under.").Resolve(ctx => ctx.Source.Basis);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExamType>>>>("exams").Description("The patient's exams.").Resolve(ctx => ctx.Source.Dossier.Exams);
    }
}

public sealed class BreakGlassGrantType : ObjectGraphType<Domain.Dossiers.GrantEntry>
{
    public BreakGlassGrantType()
    {
        Name = "BreakGlassGrant";
        Description = "Temporary emergency access to a dossier (\"Accès temporaire\").";
        Field(x => x.GrantId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The grant.");
        Field("grantedAt", x => x.Since).Description("When it was granted.");
        Field(x => x.ExpiresAt).Description("When it ends on its own.");
    }
}

public sealed class PatientSummaryType : ObjectGraphType<PatientSummary>
{
    public PatientSummaryType()
    {
        Name = "PatientSummary";
        Description = "A patient a professional may see: enough to choose whom to open, nothing of the dossier.";
        Field(x => x.PatientId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The patient.");
        Field(x => x.FamilyName).Description("Family name.");
        Field(x => x.GivenNames).Description("Given names.");
        Field(x => x.BirthDate, type: typeof(NonNullGraphType<DateOnlyGraphType>)).Description("Birth date.");
    }
}

/// <summary>What a professional does: find a patient, open a dossier (always recorded), or ask for emergency access.</summary>
public static class ProfessionalOperations
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PatientSummaryType>>>>("findPatients")
            .Description("Patients whose dossier I may open, by name (prefixes of words, accents ignored) and birth date; at most 20. A search that shows patients is recorded for the auditors.")
            .Argument<NonNullGraphType<StringGraphType>>("name", "Family or given names.")
            .Argument<DateOnlyGraphType>("birthDate", "The birth date, to narrow the search.")
            .ResolveAsync(async ctx =>
            {
                var (account, professional) = await ctx.MyProfessional();
                var name = ctx.GetArgument<string>("name");
                if (name.Length is < 2 or > 100)
                {
                    throw GraphErrors.BadInput("A name to search has 2 to 100 characters.");
                }

                return await ctx.Service<PatientFinder>().Find(professional, name, ctx.GetArgument<DateOnly?>("birthDate"), ctx.Command(account),
                    ctx.CancellationToken);
            });

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<DossierType>>("openDossier")
            .Description("Opens a patient's dossier. Every opening is recorded and shown to the patient; NOT_AUTHORISED otherwise.")
            .Argument<NonNullGraphType<IdGraphType>>("patientId", "The patient.")
            .Argument<IdGraphType>("examId", "The exam opened, if one.")
            .ResolveAsync(async ctx =>
            {
                var (account, professional) = await ctx.MyProfessional();
                var patientId = ctx.GetArgument<Guid>("patientId");
                var basis = await ctx.Service<DossierHandler>().Open(patientId, professional, ctx.GetArgument<Guid?>("examId"),
                    ctx.Command(account), ct: ctx.CancellationToken);
                await using var session = ctx.Service<IDocumentStore>().QuerySession();
                var dossier = await session.LoadAsync<PatientExams>(patientId, ctx.CancellationToken)
                    ?? throw new InvalidOperationException("An opened dossier has no exams document.");
                return new OpenedDossier(dossier, basis);
            });

        mutation.Field<NonNullGraphType<BreakGlassGrantType>>("requestBreakGlass")
            .Description("Emergency access (bris de glace) to a dossier I am not listed for: a written justification of at least one sentence; lasts 24 hours; the patient sees it.")
            .Argument<NonNullGraphType<IdGraphType>>("patientId", "The patient.")
            .Argument<NonNullGraphType<StringGraphType>>("justification", "Why, in at least one sentence.")
            .ResolveAsync(async ctx =>
            {
                var (account, professional) = await ctx.MyProfessional();
                var patientId = ctx.GetArgument<Guid>("patientId");
                await ctx.Service<DossierHandler>().RequestBreakGlass(patientId, professional, ctx.GetArgument<string>("justification"),
                    ctx.Command(account), ctx.CancellationToken);
                await using var session = ctx.Service<IDocumentStore>().QuerySession();
                var access = await session.LoadAsync<PatientAccessDocument>(patientId, ctx.CancellationToken);
                return access!.Facts.Grants.Last(g => g.ProfessionalId == professional);
            });
    }
}
