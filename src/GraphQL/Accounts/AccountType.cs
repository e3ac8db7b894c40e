using EMage.Domain.Accounts;
using EMage.Projections.Accounts;
using GraphQL.Types;

namespace EMage.GraphQL.Accounts;

public sealed class AccountType : ObjectGraphType<AccountStatus>
{
    public AccountType()
    {
        Name = "Account";
        Description = "The signed-in account.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("The account's id.");
        Field(x => x.Email).Description("The e-mail address used to sign in.");
        Field(x => x.DisplayName).Description("The name shown in the interface.");
        Field(x => x.Role, type: typeof(NonNullGraphType<AccountRoleType>)).Description("What the account is for.");
        Field(x => x.PatientId, type: typeof(IdGraphType)).Description("The patient this account belongs to, for a patient account.");
        Field(x => x.LastSignInAt, nullable: true).Description("When this account last signed in successfully.");
        Field(x => x.Active).Description("False once the patient deactivated the account.");
        Field(x => x.DeactivatedAt, nullable: true).Description("When the account was deactivated.");
        Field(x => x.OpeningNotice, type: typeof(NonNullGraphType<OpeningNoticeType>))
            .Description("When I am e-mailed about a professional opening my dossier (a break-glass access is always told).");
    }
}

public sealed class OpeningNoticeType : EnumerationGraphType<OpeningNotice>
{
    public OpeningNoticeType()
    {
        Name = "OpeningNotice";
        Description = "When the patient is e-mailed about openings of the dossier by professionals.";
    }
}

public sealed class AccountRoleType : EnumerationGraphType<AccountRole>
{
    public AccountRoleType()
    {
        Name = "AccountRole";
        Description = "The kind of user an account belongs to.";
    }
}
