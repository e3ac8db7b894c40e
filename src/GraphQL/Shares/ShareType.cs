using EMage.Projections.Shares;
using GraphQL.Types;

namespace EMage.GraphQL.Shares;

public sealed class ShareStatusType : EnumerationGraphType<ShareStatus>
{
    public ShareStatusType()
    {
        Name = "ShareStatus";
        Description = "Whether a share still opens the exam.";
    }
}

public sealed class ShareType : ObjectGraphType<ShareSummary>
{
    public ShareType()
    {
        Name = "Share";
        Description = "An exam shared with a trusted person for a limited time.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("The share's id.");
        Field(x => x.ExamId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The exam shared.");
        Field(x => x.ExamLabel).Description("Its label.");
        Field(x => x.RecipientEmail).Description("Who it was sent to.");
        Field(x => x.Message, nullable: true).Description("The message sent with it.");
        Field(x => x.SharedAt).Description("When it was sent.");
        Field(x => x.ExpiresAt).Description("When it stops opening the exam.");
        Field(x => x.Status, type: typeof(NonNullGraphType<ShareStatusType>)).Description("Active, revoked or expired.");
        Field(x => x.Uses).Description("How many times the recipient opened it.");
        Field(x => x.LastUsedAt, nullable: true).Description("When the recipient last opened it.");
    }
}
