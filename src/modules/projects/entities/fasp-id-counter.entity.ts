import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last FASP number given per year. Incremented inside the submitting transaction: gap-free, unique. */
@Entity('fasp_id_counter')
export class FaspIdCounter {
  @PrimaryColumn('int')
  year: number;

  @Column('int')
  lastValue: number;
}
