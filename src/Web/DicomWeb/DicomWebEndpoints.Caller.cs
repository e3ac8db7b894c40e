using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.GraphQL.Schema;
using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Imaging;
using EMage.Projections.Store;
using EMage.Web.Authentication;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EMage.Web.DicomWeb;

/// <summary>Who reads images and reports, and whether a read is allowed (and an opening to record).</summary>
public static partial class DicomWebEndpoints
{
    internal static Task<Caller?> CallerOf(HttpContext http, IDocumentStore store) => Caller.Of(http, store);

    /// <summary>Who is asking: an establishment, a patient, or a professional.</summary>
    internal sealed record Caller(Guid? Establishment, Guid? Patient, Guid? Professional, Guid? AccountId, Shares.ShareAccess? Share = null)
    {
        public static async Task<Caller?> Of(HttpContext http, IDocumentStore store)
        {
            var user = new EmageUserContext(http);
            if (user.EstablishmentId is { } establishment)
            {
                return new Caller(establishment, null, null, null);
            }

            if (user.AccountId is not { } accountId)
            {
                // A share recipient: the one shared exam, while the share opens (see ShareGate).
                var (access, _) = await Shares.ShareEndpoints.Resolve(http, store,
                    http.RequestServices.GetRequiredService<EMage.Projections.Shares.ShareHandler>(), http.RequestServices.GetRequiredService<TimeProvider>());
                return access is null ? null : new Caller(null, null, null, null, access);
            }

            var account = user.SessionAccount;
            if (account is null)
            {
                await using var session = store.QuerySession();
                account = await session.LoadAsync<AccountStatus>(accountId, http.RequestAborted);
            }

            return account switch
            {
                { Active: false } or null => null,
                { Role: AccountRole.Patient, PatientId: { } patient } => new Caller(null, patient, null, accountId),
                { ProfessionalId: { } professional } => new Caller(null, null, professional, accountId),
                _ => null,
            };
        }

        public Task<bool> MaySee(StoredInstance instance, DossierHandler dossiers, HttpContext http, IDocumentStore store) =>
            MaySee(instance.PatientId, instance.ExamId, instance.EstablishmentId, instance.StudyInstanceUid, dossiers, http, store);

        /// <summary>
        /// Whether the caller may see an exam's documents. <paramref name="document"/> names what is read
        /// (a study, a report): a professional's first read of it in a session is a recorded opening.
        /// </summary>
        public async Task<bool> MaySee(Guid patientId, Guid examId, Guid establishmentId, string document,
            DossierHandler dossiers, HttpContext http, IDocumentStore store)
        {
            if (Establishment is { } e)
            {
                if (e != establishmentId) return false;
                await http.RequestServices.GetRequiredService<EMage.Projections.Establishments.EstablishmentReads>().Record(
                    e, document, [patientId], new CommandContext(new Actor("establishment", e.ToString("D")), http.TraceIdentifier), http.RequestAborted);
                return true;
            }

            if (Patient is { } p) return p == patientId;
            if (Share is { } share)
            {
                // The share session opens only its exam; its first read of it (images or report) is an opening.
                if (share.Session.PatientId != patientId || share.Session.ExamId != examId) return false;
                return await FirstReadIsAnOpening(http, store, $"share:{share.Session.Id}",
                    mark => dossiers.OpenShared(share.Share, new CommandContext(Actor.Anonymous(Shares.ShareEndpoints.Address(http)), http.TraceIdentifier),
                        mark, http.RequestAborted),
                    () => Task.FromResult(true));
            }

            if (Professional is not { } professional) return false;
            var auth = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            var viewing = (auth.Properties is { } props ? CookieSessions.SessionId(props) : null) ?? http.TraceIdentifier;
            return await FirstReadIsAnOpening(http, store, $"{viewing}:{document}",
                mark => dossiers.Open(patientId, professional, examId, new CommandContext(Actor.Account(AccountId!.Value), http.TraceIdentifier),
                    mark, http.RequestAborted),
                () => dossiers.MayOpen(patientId, professional, http.RequestAborted));
        }

        /// <summary>
        /// The first read of a document in a viewing session is an opening, recorded with the session's
        /// mark in one transaction (refused: false); later reads, and a first read that another one
        /// running at the same moment beat to the mark, only check that access still holds.
        /// </summary>
        private static async Task<bool> FirstReadIsAnOpening(HttpContext http, IDocumentStore store, string mark, Func<string, Task> open, Func<Task<bool>> stillMay)
        {
            await using (var session = store.QuerySession())
            {
                if (await session.LoadAsync<ViewingMark>(mark, http.RequestAborted) is not null)
                {
                    return await stillMay();
                }
            }

            try
            {
                await open(mark);
                return true;
            }
            catch (DomainException)
            {
                return false;
            }
            catch (Exception e) when (DossierHandler.IsAlreadyOpened(e))
            {
                return await stillMay();
            }
        }
    }
}
