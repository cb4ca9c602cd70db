import { SnakeNamingStrategy } from './snake-naming.strategy';

describe('SnakeNamingStrategy', () => {
  const naming = new SnakeNamingStrategy();
  it('names tables and columns in snake_case', () => {
    expect(naming.tableName('ReviewerProfile', undefined)).toBe('reviewer_profile');
    expect(naming.tableName('X', 'custom')).toBe('custom');
    expect(naming.columnName('faspId', undefined, [])).toBe('fasp_id');
    expect(naming.columnName('value', undefined, ['socBaseline'])).toBe('soc_baseline_value');
    expect(naming.columnName('x', 'given_name', [])).toBe('given_name');
    expect(naming.joinColumnName('organization', 'id')).toBe('organization_id');
    expect(naming.columnName('HTTPStatus', undefined, [])).toBe('http_status');
  });
});
