/** A measured steady rate: whether the pipeline kept up with it. */
export interface RateOutcome {
  ratePerSecond: number;
  bounded: boolean;
}

export interface RateSearchPlan {
  startRate: number;
  /** Each step up (or down, when the start already falls behind) multiplies (or divides) the rate by this. */
  stepFactor: number;
  /** At most this many measurements in all, the bisection included. */
  maxSteps: number;
  /** Bisecting stops once the rate that fell behind is within this share above the one that kept up. */
  resolution: number;
}

/** The lowest rate searched: below it a pipeline that cannot keep up is broken, not slow. */
const LOWEST_RATE = 1;

/**
 * The highest steady rate the pipeline keeps up with. From the start rate it climbs by the step factor
 * until a rate falls behind, or, when the start already falls behind, descends until one keeps up; then
 * it bisects (geometrically) between the highest rate kept up with and the lowest that fell behind. Every
 * measurement is returned in the order taken; `sustained` is undefined when no rate was kept up with.
 */
export async function searchSustainedRate<Step extends RateOutcome>(
  plan: RateSearchPlan,
  measure: (ratePerSecond: number, step: number) => Promise<Step>,
): Promise<{ steps: Step[]; sustained: Step | undefined }> {
  const steps: Step[] = [];
  let keptUp: Step | undefined;
  let fellBehind: Step | undefined;
  const take = async (rate: number) => {
    const result = await measure(rate, steps.length + 1);
    steps.push(result);
    if (result.bounded) {
      if (!keptUp || result.ratePerSecond > keptUp.ratePerSecond) keptUp = result;
    } else if (!fellBehind || result.ratePerSecond < fellBehind.ratePerSecond) fellBehind = result;
    return result;
  };

  const first = await take(plan.startRate);
  let rate = plan.startRate;
  while (steps.length < plan.maxSteps) {
    if (first.bounded && fellBehind) break;
    if (!first.bounded && (keptUp || rate <= LOWEST_RATE)) break;
    // At low rates rounding could leave the rate where it is: each step moves it by at least 1/s.
    rate = first.bounded
      ? Math.max(rate + 1, Math.round(rate * plan.stepFactor))
      : Math.max(LOWEST_RATE, Math.min(rate - 1, Math.round(rate / plan.stepFactor)));
    await take(rate);
  }
  while (steps.length < plan.maxSteps && keptUp && fellBehind) {
    const low = keptUp.ratePerSecond;
    const high = fellBehind.ratePerSecond;
    if (high <= low * (1 + plan.resolution)) break;
    const middle = Math.round(Math.sqrt(low * high));
    if (middle <= low || middle >= high) break;
    await take(middle);
  }
  return { steps, sustained: keptUp };
}
