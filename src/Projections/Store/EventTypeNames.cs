using EMage.Domain.Accounts;
using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;
using EMage.Domain.Mail;
using EMage.Domain.Platform;
using EMage.Domain.Professionals;
using EMage.Domain.Shares;

namespace EMage.Projections.Store;

/// <summary>
/// The name each event type has in the store, pinned so that renaming or moving a class never
/// orphans the events already written. A test compares this list with a committed snapshot.
/// </summary>
public static class EventTypeNames
{
    public static readonly IReadOnlyList<(Type Type, string Name)> All =
    [
        (typeof(AccountProvisioned), "account_provisioned"),
        (typeof(PasswordSet), "password_set"),
        (typeof(LoginSucceeded), "login_succeeded"),
        (typeof(LoginFailed), "login_failed"),
        (typeof(AccountLockedOut), "account_locked_out"),
        (typeof(LoginRefusedWhileLocked), "login_refused_while_locked"),
        (typeof(PasswordChanged), "password_changed"),
        (typeof(AccountDeactivated), "account_deactivated"),
        (typeof(AccountReactivated), "account_reactivated"),
        (typeof(EstablishmentRegistered), "establishment_registered"),
        (typeof(StaffAppointed), "staff_appointed"),
        (typeof(StaffRemoved), "staff_removed"),
        (typeof(ApiClientRegistered), "api_client_registered"),
        (typeof(ApiClientRevoked), "api_client_revoked"),
        (typeof(ProfessionalRegistered), "professional_registered"),
        (typeof(PlatformAdministratorAppointed), "platform_administrator_appointed"),
        (typeof(PlatformAdministratorRemoved), "platform_administrator_removed"),
        (typeof(AuditorAppointed), "auditor_appointed"),
        (typeof(AuditorRemoved), "auditor_removed"),
        (typeof(AuditorReadRecorded), "auditor_read_recorded"),
        (typeof(DossierCreated), "dossier_created"),
        (typeof(ExamPublished), "exam_published"),
        (typeof(ReportAttached), "report_attached"),
        (typeof(ImagesReceived), "images_received"),
        (typeof(CorrespondentDeclared), "correspondent_declared"),
        (typeof(DossierOpened), "dossier_opened"),
        (typeof(DossierAccessRefused), "dossier_access_refused"),
        (typeof(DocumentSeen), "document_seen"),
        (typeof(BreakGlassGranted), "break_glass_granted"),
        (typeof(BreakGlassExpired), "break_glass_expired"),
        (typeof(ExamShared), "exam_shared"),
        (typeof(ShareUsed), "share_used"),
        (typeof(ShareRevoked), "share_revoked"),
        (typeof(ShareExpired), "share_expired"),
        (typeof(AccountLinkSent), "account_link_sent"),
        (typeof(PasswordResetIgnored), "password_reset_ignored"),
        (typeof(SignInCodeSent), "sign_in_code_sent"),
        (typeof(SignInCodeVerified), "sign_in_code_verified"),
        (typeof(NotificationPreferenceChanged), "notification_preference_changed"),
        (typeof(ShareCodeSent), "share_code_sent"),
        (typeof(ShareCodeFailed), "share_code_failed"),
        (typeof(EmailSent), "email_sent"),
        (typeof(EmailDeliveryFailed), "email_delivery_failed"),
        (typeof(EstablishmentReadRecorded), "establishment_read_recorded"),
        (typeof(PatientSearchRecorded), "patient_search_recorded"),
    ];
}
