// Date windows and window parameters for a fixed set of ranges, printed as JSON when run
// directly: test/windows.test.ts runs it under several TZ settings and compares.
import { loadCatalog, objectType } from '../../connector/catalog/load';
import { parseFilter, planQuery, windowPlan } from '../../connector/query';
import { floorTo, splitFactor, splitWindow, type Grain } from '../../connector/windows';

const t = (iso: string) => Date.parse(iso);
// Around the days Chatham (+12:45/+13:45) and St John's (-03:30/-02:30) change their clocks.
const RANGES: Array<[Grain, string, string | undefined]> = [
  ['day', '2026-04-04T10:00:00Z', '2026-04-30T00:00:00Z'],
  ['day', '2026-09-26T23:59:59.999Z', '2026-10-03T00:00:01Z'],
  ['day', '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z'],
  ['second', '2026-03-08T05:59:58.500Z', '2026-03-08T06:00:03Z'],
  ['second', '2026-04-05T01:00:00Z', undefined],
];
const HORIZON = t('2026-04-06T00:00:00Z');

export function compute(): unknown {
  const windows = RANGES.map(([grain, from, to]) => splitWindow({ from: t(from), to: to === undefined ? undefined : t(to) }, 7, grain, HORIZON));
  const floors = ['2026-04-05T13:44:59Z', '2026-09-27T00:00:00Z'].map((iso) => [floorTo(t(iso), 'day'), floorTo(t(iso) + 999, 'second')]);
  const factor = splitFactor(
    { from: t('2026-01-01T00:00:00Z'), to: t('2026-02-01T00:00:00Z') },
    [t('2026-01-31T12:00:00Z'), t('2026-01-31T00:00:00Z')],
    true,
    'day',
    HORIZON,
    64,
  );
  const catalog = loadCatalog();
  const plan = planQuery(
    objectType(catalog, 'Conference'),
    ['DateCreated>2026-04-04 10:00:00', 'DateCreated<2026-04-30'].map(parseFilter),
    'AC' + '0'.repeat(32),
    'US',
  );
  const params = splitWindow(plan.windowable!.bound, 5, plan.windowable!.grain, HORIZON).map((w) => windowPlan(plan.windowable!, w).query);
  return { windows, floors, factor, params };
}

if (require.main === module) process.stdout.write(JSON.stringify(compute()));
