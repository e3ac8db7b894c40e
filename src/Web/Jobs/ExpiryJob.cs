using EMage.Projections.Expiry;
using Quartz;

namespace EMage.Web.Jobs;

/// <summary>
/// Appends the break-glass and share expiries that are due. Every node runs it; the deciders and
/// optimistic concurrency make concurrent runs harmless (see <see cref="ExpiryRunner"/>).
/// </summary>
[DisallowConcurrentExecution]
public sealed class ExpiryJob(ExpiryRunner runner, ILogger<ExpiryJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        int expired;
        do
        {
            expired = await runner.RunDue(cancellationToken);
            if (expired > 0)
            {
                log.LogInformation("Expired {Count} break-glass grants or shares", expired);
            }
        }
        while (expired == ExpiryRunner.BatchSize);
    }
}

public sealed class ExpiryOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

public static class JobRegistration
{
    public static IServiceCollection AddEmageJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Expiry").Get<ExpiryOptions>() ?? new ExpiryOptions();
        var mail = configuration.GetSection("Mail").Get<EMage.Web.Mail.MailOptions>() ?? new EMage.Web.Mail.MailOptions();
        // Quartz keeps schedulers in a process-wide repository by name: each host gets its own
        // (tests run several app instances in one process).
        var schedulerName = "emage-" + Guid.NewGuid().ToString("N");
        services.AddQuartz(new System.Collections.Specialized.NameValueCollection { ["quartz.scheduler.instanceName"] = schedulerName }, quartz =>
        {
            if (options.Enabled)
            {
                var key = new JobKey("expiry");
                quartz.AddJob<ExpiryJob>(job => job.WithIdentity(key));
                quartz.AddTrigger(trigger => trigger.ForJob(key).StartNow()
                    .WithSimpleSchedule(schedule => schedule.WithInterval(options.Interval).RepeatForever()));
            }

            quartz.AddJob<EMage.Web.Mail.OutboxJob>(job => job.WithIdentity(EMage.Web.Mail.OutboxJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(EMage.Web.Mail.OutboxJob.Key).StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(mail.Interval).RepeatForever()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
