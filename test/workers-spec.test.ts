// A sync is checked when `schedule` registers it, as its runs will plan it: a spec that
// could only fail on the workers, run after run, is refused at once.
import { catalog, InvalidInputError, parseFilter } from '../connector';
import { checkSpec, type SyncSpec } from '../workers/spec';

const spec = (over: Partial<SyncSpec> = {}): SyncSpec => ({
  name: 'messages',
  objectTypes: ['Message'],
  filters: [],
  out: '/tmp/tc-spec',
  window: '1d',
  lookbackSeconds: 300,
  allSubaccounts: false,
  accountConcurrency: 10,
  attempts: 5,
  backoffMs: 1000,
  timestamps: 'twilio',
  ...over,
});

describe('checkSpec', () => {
  it('accepts a spec whose filters a run can plan', () => {
    const filters = ['Status=delivered', 'DateSent after 2026-06-01 00:00:00', 'To=+14155550100'].map(parseFilter);
    expect(checkSpec(spec({ filters }))).toEqual([expect.objectContaining({ objectType: 'Message', dateField: 'DateSent' })]);
  });

  it.each([
    ['Status=bogus', /^query Message: Status: 'bogus' is not one of queued, sending, /],
    ['Status=Delivered', /did you mean 'delivered'\?$/],
    ['DateSent>yesterday', /^query Message: DateSent: 'yesterday' is not a timestamp/],
    ['Colour=blue', /Colour/],
  ])('refuses %s, naming the filter and the rule', (text, message) => {
    const check = () => checkSpec(spec({ filters: [parseFilter(text)] }));
    expect(check).toThrow(InvalidInputError);
    expect(check).toThrow(message);
  });

  it('checks the filters against every object type of the sync', () => {
    // Call's Status takes Twilio's call statuses, not a message's.
    expect(() => checkSpec(spec({ objectTypes: ['Message', 'Call'], filters: [parseFilter('Status=delivered')] }))).toThrow(
      /^query Call: Status: 'delivered' is not one of queued, ringing, /,
    );
  });

  it("refuses a window that splits a first run into more jobs than a run may have, as the run's own planning would", () => {
    const now = Date.parse('2026-12-04T18:00:00Z');
    // 90 s windows from 2026-11-01: about 32,000 per account.
    expect(() => checkSpec(spec({ window: '90s', since: '2026-11-01' }), catalog(), now)).toThrow(
      /^window 90 seconds splits 2026-11-01T00:00:00.000Z\.\.2026-12-04T18:00:00.000Z into more than 10000 jobs; choose a larger --window$/,
    );
    expect(checkSpec(spec({ window: '1h', since: '2026-11-01' }), catalog(), now)).toHaveLength(1);
    // The sync's own Before bounds the windows: one day of 90 s windows is 960.
    expect(checkSpec(spec({ window: '90s', since: '2026-11-01', filters: [parseFilter('DateSent<2026-11-02')] }), catalog(), now)).toHaveLength(1);
    // No --since: a first run is one window over everything.
    expect(checkSpec(spec({ window: '90s' }), catalog(), now)).toHaveLength(1);
  });

  it('the library check is the one a run makes', () => {
    expect(() => catalog().checkFilters('Message', [parseFilter('Status=bogus')])).toThrow(InvalidInputError);
    expect(() => catalog().checkFilters('Message', [parseFilter('Status=failed')])).not.toThrow();
  });
});
